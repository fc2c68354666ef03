export { schedulerReportRoute as POST } from "@/server/pools/rest";
