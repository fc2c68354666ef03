export { revokeApiKeyRoute as DELETE } from "@/server/auth/rest";
