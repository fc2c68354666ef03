export { restoreRunRoute as POST } from "@/server/runs/rest";
