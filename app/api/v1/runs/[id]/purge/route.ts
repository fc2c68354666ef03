export { purgeRunRoute as POST } from "@/server/runs/rest";
