export { listAuditRoute as GET } from "@/server/audit/rest";
