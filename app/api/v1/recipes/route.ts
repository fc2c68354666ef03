export { listRecipesRoute as GET } from "@/server/launches/rest";
