export { listPoolsRoute as GET } from "@/server/pools/rest";
