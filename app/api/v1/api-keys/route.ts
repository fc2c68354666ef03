export { createApiKeyRoute as POST, listApiKeysRoute as GET } from "@/server/auth/rest";
