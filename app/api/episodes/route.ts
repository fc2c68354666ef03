export { rllmEpisodeRoute as POST } from "@/server/rllm/rest";
