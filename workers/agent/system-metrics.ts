import { isRetryable, SkillboardHttpError } from "../../sdk/ts/src/client";
import type { GpuInfo, MetricPoint } from "./worker-api";

/** `system/gpu<i>/util` (percent) and `system/gpu<i>/mem_used` (MiB) of the GPUs a run holds, at `step`. */
export function gpuMetricPoints(gpus: readonly GpuInfo[], indices: readonly number[], step: number, wallTime: number): MetricPoint[] {
  const points: MetricPoint[] = [];
  for (const g of gpus) {
    if (!indices.includes(g.index)) continue;
    points.push({ key: `system/gpu${g.index}/util`, step, value: g.utilization, wallTime });
    points.push({ key: `system/gpu${g.index}/mem_used`, step, value: g.memoryUsedMiB, wallTime });
  }
  return points;
}

/**
 * A run's system metrics on their way to the server: points queue in memory
 * and go in batches whose id stays the same until acknowledged, so a resend
 * after a failure stores nothing twice.
 */
export class SystemMetricSender {
  private queued: MetricPoint[] = [];
  private pending?: { batchId: string; points: MetricPoint[] };
  private seq = 0;
  private sending?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly opts: {
      batchIdPrefix: string;
      send(batch: { batchId: string; points: MetricPoint[] }): Promise<unknown>;
      onStale?(): void;
      /** Points kept while the server is away; older ones are dropped. Default 10,000. */
      maxQueued?: number;
    },
  ) {}

  add(points: MetricPoint[]): void {
    if (this.stopped || !points.length) return;
    this.queued.push(...points);
    const max = this.opts.maxQueued ?? 10_000;
    if (this.queued.length > max) this.queued.splice(0, this.queued.length - max);
  }

  /** Sends what is queued; a failed batch stays for the next call. */
  flush(): Promise<void> {
    this.sending ??= this.send().finally(() => (this.sending = undefined));
    return this.sending;
  }

  stop(): void {
    this.stopped = true;
    this.queued = [];
    this.pending = undefined;
  }

  private async send() {
    while (!this.stopped) {
      if (!this.pending) {
        if (!this.queued.length) return;
        this.pending = { batchId: `${this.opts.batchIdPrefix}-sys-${++this.seq}`, points: this.queued.splice(0, 5_000) };
      }
      try {
        await this.opts.send(this.pending);
      } catch (error) {
        if (error instanceof SkillboardHttpError && error.code === "stale_lease") {
          this.stop();
          this.opts.onStale?.();
          return;
        }
        if (isRetryable(error)) return;
        // Refused for good (e.g. a point the server rejects): drop the batch.
      }
      this.pending = undefined;
    }
  }
}
