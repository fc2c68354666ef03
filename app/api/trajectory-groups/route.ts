export { rllmTrajectoryGroupRoute as POST } from "@/server/rllm/rest";
