export { heartbeatRoute as POST } from "@/server/jobs/rest";
