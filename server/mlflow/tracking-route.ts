import { mlflowErrorResponse, MlflowError } from "./errors";
import { requireMlflowWriteScope } from "./project-scope";
import { authorize, getAppContext, readInput, type MlflowRouteHandler } from "./request";
import { TRACKING_ENDPOINTS } from "./tracking-endpoints";

const PREFIX = "/api/2.0/mlflow/";

/** `/api/2.0/mlflow/<endpoint>`: MLflow's tracking REST API, answered from TRACKING_ENDPOINTS. */
export const mlflowTrackingRoute: MlflowRouteHandler = async (req) => {
  try {
    const pathname = new URL(req.url).pathname;
    const name = pathname.startsWith(PREFIX) ? pathname.slice(PREFIX.length).replace(/\/+$/, "") : "";
    const endpoint = Object.hasOwn(TRACKING_ENDPOINTS, name) ? TRACKING_ENDPOINTS[name] : undefined;
    if (!endpoint || !(endpoint.methods as readonly string[]).includes(req.method)) {
      throw new MlflowError("ENDPOINT_NOT_FOUND", `No API endpoint ${req.method} ${pathname}: Skillboard serves MLflow's tracking subset (see docs/mlflow.md).`);
    }
    const app = getAppContext();
    const principal = authorize(app, req, endpoint.access);
    let parsed: Promise<Record<string, unknown>> | undefined;
    const input = () => (parsed ??= readInput(req, app));
    if (endpoint.access === "write") await requireMlflowWriteScope(app.db, principal, name, input);
    const body = await endpoint.handle({ req, app, principal, input });
    return Response.json(body);
  } catch (error) {
    return mlflowErrorResponse(error);
  }
};
