export { createSessionRoute as POST } from "@/server/rllm/rest";
