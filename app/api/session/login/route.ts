export { signInWithLink as GET } from "@/server/auth/session-routes";
