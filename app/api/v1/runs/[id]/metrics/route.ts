export { appendMetricsRoute as POST, getMetricsRoute as GET } from "@/server/metrics/rest";
