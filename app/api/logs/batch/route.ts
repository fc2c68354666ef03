export { rllmLogsBatchRoute as POST } from "@/server/rllm/rest";
