export { sessionHeartbeatRoute as POST } from "@/server/rllm/rest";
