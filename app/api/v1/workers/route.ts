export { listWorkersRoute as GET, registerWorkerRoute as POST } from "@/server/jobs/rest";
