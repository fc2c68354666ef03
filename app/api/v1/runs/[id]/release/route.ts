export { releaseRunRoute as POST } from "@/server/jobs/rest";
