import type { PoolClusterStatus } from "@/server/pools/executors/executor";
import type { AppContext } from "../context";
import { describePools, listPools, type PoolView } from "./views";

/** How long one check of the cluster pools (sinfo, possibly over ssh; Ray's API) is served to every caller. */
export const POOL_STATUS_TTL_MS = 5_000;

export interface PoolStatusView extends PoolView {
  status: PoolClusterStatus;
  /** When this status was read (ISO time); null when it never was. */
  checkedAt: string | null;
  /** A cluster pool whose state is shown only to a signed-in reader: nothing was read for this caller. */
  signInToRefresh: boolean;
}

type ClusterCheck = { at: number; pools: Map<string, PoolClusterStatus> };
const checks = new WeakMap<AppContext, { last?: ClusterCheck; inFlight?: Promise<ClusterCheck> }>();

const isCluster = (p: PoolView) => p.type !== "local";

/** One check of every cluster pool, shared by all callers that ask while it runs. */
function checkClusters(app: AppContext, now: () => number): Promise<ClusterCheck> {
  let state = checks.get(app);
  if (!state) checks.set(app, (state = {}));
  const s = state;
  s.inFlight ??= describePools(app, undefined, isCluster)
    .then((pools) => (s.last = { at: now(), pools: new Map(pools.map((p) => [p.name, p.status])) }))
    .finally(() => (s.inFlight = undefined));
  return s.inFlight;
}

/**
 * The pools with their cluster state, for /hosts and REST. Local pools are read from the
 * database on every call. Cluster pools run a process (sinfo, ssh) or a request per check,
 * so a check is made at most once per POOL_STATUS_TTL_MS, however many ask at once; and
 * `mayRefresh: false` (a reader who is not signed in) never starts one: it gets the last
 * check, or `signInToRefresh` when there is none.
 */
export async function poolStatus(app: AppContext, opts: { mayRefresh: boolean; now?: () => number }): Promise<PoolStatusView[]> {
  const now = opts.now ?? Date.now;
  const views = listPools(app);
  let cluster = checks.get(app)?.last;
  if (opts.mayRefresh && views.some(isCluster) && (!cluster || now() - cluster.at >= POOL_STATUS_TTL_MS)) cluster = await checkClusters(app, now);
  const local = new Map((await describePools(app, undefined, (p) => !isCluster(p))).map((p) => [p.name, p.status]));
  const localAt = new Date(now()).toISOString();
  return views.map((p) => {
    if (!isCluster(p)) return { ...p, status: local.get(p.name)!, checkedAt: localAt, signInToRefresh: false };
    const status = cluster?.pools.get(p.name);
    if (!status) return { ...p, status: { reachable: false }, checkedAt: null, signInToRefresh: true };
    return { ...p, status, checkedAt: new Date(cluster!.at).toISOString(), signInToRefresh: false };
  });
}
