export { createRunRoute as POST, listRunsRoute as GET } from "@/server/runs/rest";
