export { startRunRoute as POST } from "@/server/jobs/rest";
