export { poolStatusRoute as GET } from "@/server/pools/rest";
