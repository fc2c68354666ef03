export { rllmEvalResultsRoute as POST } from "@/server/rllm/rest";
