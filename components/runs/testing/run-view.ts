import type { RunView } from "@/server/runs/service";

/** A finished run as the runs table receives it, for tests; `patch` sets what a test cares about. */
export const runView = (id: string, patch: Partial<RunView> = {}): RunView => ({
  id,
  project: "default",
  group: null,
  name: id,
  recipe: null,
  config: {},
  status: "succeeded",
  pool: null,
  workerId: null,
  createdAt: "2025-01-01T00:00:00Z",
  startedAt: null,
  endedAt: null,
  updatedAt: "2025-01-01T00:00:00Z",
  durationMs: null,
  exitCode: null,
  error: null,
  tags: [],
  notes: null,
  gitCommit: null,
  deletedAt: null,
  ...patch,
});
