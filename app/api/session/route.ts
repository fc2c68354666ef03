export { signIn as POST, signOut as DELETE } from "@/server/auth/session-routes";
