/** Steps per packed chunk of metric points. */
export const CHUNK_STEPS = 1024;

/** The points of one chunk, sorted by step, one per step. `wallTimes[i]` is NaN when none was sent. */
export interface ChunkPoints {
  steps: number[];
  values: number[];
  wallTimes: number[];
}

export interface EncodedChunk {
  count: number;
  sum: number;
  min: number;
  max: number;
  lastStep: number;
  lastWallTime: number | null;
  offsets: Buffer;
  values: Buffer;
  wallTimes: Buffer | null;
}

export const chunkOf = (step: number) => Math.floor(step / CHUNK_STEPS);

export function encodeChunk(chunk: number, p: ChunkPoints): EncodedChunk {
  const n = p.steps.length;
  const base = chunk * CHUNK_STEPS;
  const offsets = new Uint16Array(n);
  const values = new Float64Array(n);
  const wallTimes = new Float64Array(n);
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let anyWall = false;
  for (let i = 0; i < n; i++) {
    offsets[i] = p.steps[i] - base;
    const v = p.values[i];
    values[i] = v;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
    wallTimes[i] = p.wallTimes[i];
    if (!Number.isNaN(p.wallTimes[i])) anyWall = true;
  }
  const lastWall = p.wallTimes[n - 1];
  return {
    count: n,
    sum,
    min,
    max,
    lastStep: p.steps[n - 1],
    lastWallTime: Number.isNaN(lastWall) ? null : lastWall,
    offsets: Buffer.from(offsets.buffer),
    values: Buffer.from(values.buffer),
    wallTimes: anyWall ? Buffer.from(wallTimes.buffer) : null,
  };
}

/** Typed-array view of a blob, copying only when SQLite's buffer is not aligned for the element size. */
function view<T extends Uint16Array | Float64Array>(ctor: { new (b: ArrayBuffer, o: number, l: number): T; BYTES_PER_ELEMENT: number }, buf: Buffer): T {
  const size = ctor.BYTES_PER_ELEMENT;
  if (buf.byteOffset % size === 0) return new ctor(buf.buffer as ArrayBuffer, buf.byteOffset, buf.byteLength / size);
  const copy = new Uint8Array(buf.byteLength);
  copy.set(buf);
  return new ctor(copy.buffer, 0, buf.byteLength / size);
}

export function decodeChunk(chunk: number, offsets: Buffer, values: Buffer, wallTimes: Buffer | null): ChunkPoints {
  const o = view(Uint16Array, offsets);
  const v = view(Float64Array, values);
  const w = wallTimes ? view(Float64Array, wallTimes) : null;
  const base = chunk * CHUNK_STEPS;
  const out: ChunkPoints = { steps: new Array(o.length), values: new Array(o.length), wallTimes: new Array(o.length) };
  for (let i = 0; i < o.length; i++) {
    out.steps[i] = base + o[i];
    out.values[i] = v[i];
    out.wallTimes[i] = w ? w[i] : NaN;
  }
  return out;
}

/**
 * Merges new points (sorted by step; a step may repeat, the last one wins) into a
 * chunk's stored points; a step already stored takes the new value.
 * Returns the merged points and how many steps are new.
 */
export function mergeChunk(stored: ChunkPoints | null, incoming: ChunkPoints): { merged: ChunkPoints; added: number } {
  const a = stored ?? { steps: [], values: [], wallTimes: [] };
  const b = incoming;
  const merged: ChunkPoints = { steps: [], values: [], wallTimes: [] };
  let i = 0;
  let j = 0;
  const push = (src: ChunkPoints, k: number) => {
    const last = merged.steps.length - 1;
    if (last >= 0 && merged.steps[last] === src.steps[k]) {
      merged.values[last] = src.values[k];
      merged.wallTimes[last] = src.wallTimes[k];
    } else {
      merged.steps.push(src.steps[k]);
      merged.values.push(src.values[k]);
      merged.wallTimes.push(src.wallTimes[k]);
    }
  };
  // On equal steps the stored point goes first and the incoming one then replaces it.
  while (i < a.steps.length || j < b.steps.length) {
    if (j >= b.steps.length || (i < a.steps.length && a.steps[i] <= b.steps[j])) push(a, i++);
    else push(b, j++);
  }
  return { merged, added: merged.steps.length - a.steps.length };
}
