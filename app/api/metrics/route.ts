export { rllmMetricsRoute as POST } from "@/server/rllm/rest";
