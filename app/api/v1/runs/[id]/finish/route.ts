export { finishRunRoute as POST } from "@/server/runs/rest";
