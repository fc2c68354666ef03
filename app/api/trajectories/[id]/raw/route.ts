export { rawTrajectoryRoute as GET } from "@/server/trajectories/raw-route";
