import type { RouteHandler } from "../http/rest";
import { mlflowArtifactsRoute } from "./artifacts-route";
import { mlflowTrackingRoute } from "./tracking-route";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/**
 * The MLflow-compatible doors as rows of the REST route table: every method of each prefix goes
 * to one dispatcher, which answers MLflow's ENDPOINT_NOT_FOUND itself for what it does not serve.
 * `:...path` is a catch-all (`app/api/2.0/mlflow/[...path]/route.ts` under plain Next.js).
 */
export const MLFLOW_ROUTES: { method: string; path: string; handler: RouteHandler }[] = METHODS.flatMap((method) => [
  { method, path: "/api/2.0/mlflow/:...path", handler: mlflowTrackingRoute },
  { method, path: "/api/2.0/mlflow-artifacts/:...path", handler: mlflowArtifactsRoute },
]);
