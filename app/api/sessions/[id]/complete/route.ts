export { completeSessionRoute as POST } from "@/server/rllm/rest";
