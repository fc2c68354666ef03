import type { Db } from "@/db";
import { NotFoundError } from "../errors";
import type { BlobStore } from "./blob-store";
import { INDEX_SELECT, toIndexRow, type TrajectoryIndexRow } from "./list-query";

/** A trajectory body as stored: the trajectory JSON of ARCHITECTURE.md (unknown fields kept). */
export interface TrajectoryBody {
  turns?: unknown[];
  verifier?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * Parsed bodies, least recently used first out, bounded by their stored (uncompressed)
 * size: paging through a 20 MB trajectory decompresses and parses it once, not per page.
 * Keyed by blob hash, so identical bodies share an entry.
 */
export class TrajectoryBodyCache {
  private entries = new Map<string, { body: TrajectoryBody; bytes: number }>();
  private bytes = 0;

  constructor(
    readonly maxBytes = 128 * 1024 * 1024,
    readonly maxEntries = 64,
  ) {}

  get(blobs: BlobStore, hash: string): TrajectoryBody {
    const hit = this.entries.get(hash);
    if (hit) {
      this.entries.delete(hash);
      this.entries.set(hash, hit);
      return hit.body;
    }
    const text = blobs.get(hash).toString("utf8");
    const body = JSON.parse(text) as TrajectoryBody;
    const bytes = text.length;
    // A body larger than the whole cache is served but not kept.
    if (bytes <= this.maxBytes) {
      this.entries.set(hash, { body, bytes });
      this.bytes += bytes;
      while (this.bytes > this.maxBytes || this.entries.size > this.maxEntries) {
        const [oldest, entry] = this.entries.entries().next().value!;
        this.entries.delete(oldest);
        this.bytes -= entry.bytes;
      }
    }
    return body;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }
}

const GLOBAL_KEY = "__skillboardTrajectoryBodies";
type Holder = { [GLOBAL_KEY]?: TrajectoryBodyCache };

/** The process-wide cache, shared by the tRPC routes, server components and REST handlers (which Next may bundle apart). */
export function trajectoryBodyCache(): TrajectoryBodyCache {
  return ((globalThis as Holder)[GLOBAL_KEY] ??= new TrajectoryBodyCache());
}

/** A trajectory's index row and its parsed body (from the cache when recently read). */
export function loadTrajectory(
  db: Db,
  blobs: BlobStore,
  id: number,
  cache = trajectoryBodyCache(),
): { index: TrajectoryIndexRow; body: TrajectoryBody; blob: string } {
  const row = db.$client.prepare(`${INDEX_SELECT} WHERE t.id = ?`).get(id) as TrajectoryIndexRow | undefined;
  if (!row) throw new NotFoundError("Trajectory", id);
  const blob = db.$client.prepare("SELECT blob FROM trajectories WHERE id = ?").pluck().get(id) as string;
  return { index: toIndexRow(row), body: cache.get(blobs, blob), blob };
}
