export { listMetricKeysRoute as GET } from "@/server/metrics/rest";
