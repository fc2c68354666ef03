export { appendTrajectoriesRoute as POST, listTrajectoriesRoute as GET } from "@/server/trajectories/rest";
