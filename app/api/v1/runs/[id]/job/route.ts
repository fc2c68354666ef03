export { getRunJobRoute as GET } from "@/server/pools/rest";
