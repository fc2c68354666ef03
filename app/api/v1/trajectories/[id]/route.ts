export { getTrajectoryRoute as GET } from "@/server/trajectories/rest";
