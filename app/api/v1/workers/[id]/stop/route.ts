export { stopWorkerRoute as POST } from "@/server/jobs/rest";
