export { launchRoute as POST } from "@/server/launches/rest";
