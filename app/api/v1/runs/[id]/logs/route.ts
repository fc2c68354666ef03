export { appendLogsRoute as POST, readLogsRoute as GET } from "@/server/logs/rest";
