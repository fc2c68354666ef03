export { getRunRoute as GET } from "@/server/runs/rest";
