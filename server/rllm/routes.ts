import type { RouteHandler } from "../http/rest";
import {
  completeSessionRoute,
  createSessionRoute,
  rllmEpisodeRoute,
  rllmEpisodesBatchRoute,
  rllmEvalResultsRoute,
  rllmLogsBatchRoute,
  rllmMetricsRoute,
  rllmTrajectoryGroupRoute,
  rllmTrajectoryGroupsBatchRoute,
  sessionHeartbeatRoute,
} from "./rest";

/**
 * The routes rllm's UI logger posts to (rllm/utils/tracking.py, UILogger and TeeStream),
 * at the paths it uses, so `RLLM_UI_URL=http://<skillboard>` is all an rllm run needs.
 */
export const RLLM_ROUTES: { method: string; path: string; handler: RouteHandler }[] = [
  { method: "POST", path: "/api/sessions", handler: createSessionRoute },
  { method: "POST", path: "/api/sessions/:id/heartbeat", handler: sessionHeartbeatRoute },
  { method: "POST", path: "/api/sessions/:id/complete", handler: completeSessionRoute },
  { method: "POST", path: "/api/metrics", handler: rllmMetricsRoute },
  { method: "POST", path: "/api/episodes", handler: rllmEpisodeRoute },
  { method: "POST", path: "/api/episodes/batch", handler: rllmEpisodesBatchRoute },
  { method: "POST", path: "/api/trajectory-groups", handler: rllmTrajectoryGroupRoute },
  { method: "POST", path: "/api/trajectory-groups/batch", handler: rllmTrajectoryGroupsBatchRoute },
  { method: "POST", path: "/api/logs/batch", handler: rllmLogsBatchRoute },
  { method: "POST", path: "/api/eval-results", handler: rllmEvalResultsRoute },
];
