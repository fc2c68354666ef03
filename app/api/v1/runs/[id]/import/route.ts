export { importTrajectoriesRoute as POST } from "@/server/importers/rest";
