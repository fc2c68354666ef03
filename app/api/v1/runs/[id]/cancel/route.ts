export { cancelRunRoute as POST } from "@/server/launches/rest";
