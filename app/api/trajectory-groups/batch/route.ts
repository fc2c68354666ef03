export { rllmTrajectoryGroupsBatchRoute as POST } from "@/server/rllm/rest";
