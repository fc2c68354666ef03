export { appendEvalsRoute as POST, getEvalsRoute as GET } from "@/server/evals/rest";
