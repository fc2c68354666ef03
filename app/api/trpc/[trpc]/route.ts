import { handleTrpcRequest } from "@/server/http/trpc-handler";

export { handleTrpcRequest as GET, handleTrpcRequest as POST };
