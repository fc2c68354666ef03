export { getRunRoute as GET, updateRunRoute as PATCH, deleteRunRoute as DELETE } from "@/server/runs/rest";
