export { listRunEventsRoute as GET } from "@/server/runs/rest";
