import type { PoolClusterStatus } from "./executor";

/**
 * A Ray cluster as `/hosts` shows it, from Ray's own API: the version
 * (`GET /api/version`), the nodes with their state and resources (the state
 * API, `GET /api/v0/nodes`) and what is in use on each (`GET /api/cluster_status`,
 * the autoscaler's load report, as `ray status` prints it).
 */

type Get = <T>(pathname: string) => Promise<T>;

interface StateApiNode {
  node_id: string;
  node_ip: string;
  node_name?: string;
  is_head_node: boolean;
  state: string;
  resources_total?: Record<string, number>;
}

/** `[used, total]` per resource name, per node id. */
type UsageByNode = Record<string, Record<string, [number, number]>>;

export async function describeRayCluster(base: string, get: Get): Promise<PoolClusterStatus> {
  let version: { version?: string; ray_version?: string };
  try {
    version = await get("/api/version");
  } catch (error) {
    return { reachable: false, error: `Ray at ${base}: ${(error as Error).message}` };
  }
  const summary = `Ray ${version.ray_version ?? "?"} (Jobs API ${version.version ?? "?"}) at ${base}`;
  try {
    const [nodes, usage] = await Promise.all([
      get<{ data: { result: { result: StateApiNode[] } } }>("/api/v0/nodes?detail=false&limit=1000").then((r) => r.data.result.result),
      get<{ data: { clusterStatus?: { loadMetricsReport?: { usageByNode?: UsageByNode | null } } } }>("/api/cluster_status").then(
        (r) => r.data.clusterStatus?.loadMetricsReport?.usageByNode ?? {},
        () => ({}) as UsageByNode, // the autoscaler's report is optional: totals alone still say what the cluster has
      ),
    ]);
    const alive = nodes.filter((n) => n.state === "ALIVE");
    const totals: Record<string, [number, number]> = {};
    for (const n of alive) {
      for (const [name, total] of Object.entries(n.resources_total ?? {})) {
        if (name.startsWith("node:")) continue;
        const used = usage[n.node_id]?.[name]?.[0] ?? 0;
        const t = (totals[name] ??= [0, 0]);
        t[0] += used;
        t[1] += total;
      }
    }
    return {
      reachable: true,
      summary: `${summary} · ${alive.length} node${alive.length === 1 ? "" : "s"} alive`,
      nodes: nodes.map((n) => {
        const r = n.resources_total ?? {};
        const u = usage[n.node_id] ?? {};
        return {
          name: `${n.node_ip}${n.is_head_node ? " (head)" : ""}`,
          state: n.state,
          cpus: `${num(u.CPU?.[0] ?? 0)}/${num(r.CPU ?? 0)}`,
          gpus: num(r.GPU ?? 0),
          gpusUsed: num(u.GPU?.[0] ?? 0),
        };
      }),
      resources: Object.fromEntries(Object.entries(totals).map(([name, [used, total]]) => [name, `${amount(name, used)}/${amount(name, total)}`])),
    };
  } catch (error) {
    return { reachable: true, summary, error: `cannot read Ray's nodes: ${(error as Error).message}` };
  }
}

const num = (n: number) => String(Math.round(n * 100) / 100);

/** Memory resources are bytes: shown in GiB. */
function amount(name: string, n: number): string {
  return /memory/i.test(name) ? `${(n / 2 ** 30).toFixed(2)} GiB` : num(n);
}
