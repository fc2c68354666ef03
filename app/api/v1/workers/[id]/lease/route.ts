export { leaseJobRoute as POST } from "@/server/jobs/rest";
