export { rllmEpisodesBatchRoute as POST } from "@/server/rllm/rest";
