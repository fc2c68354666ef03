import { BadRequestError, PayloadTooLargeError } from "../errors";
import { MAX_IMPORT_BYTES } from "../importers/limits";

/**
 * How many bytes a request body may have. Every route reads its body through
 * `readBodyBytes` / `limitBodyStream`, which count the bytes as they arrive
 * (a chunked upload has no Content-Length to trust) and stop reading as soon
 * as the limit is passed: the 413 goes out while the client may still be sending.
 */
export type BodyLimitName = "json" | "trajectories" | "import" | "artifact";
export type BodyLimits = Record<BodyLimitName, number>;

const MiB = 1024 * 1024;

export const DEFAULT_BODY_LIMITS: BodyLimits = {
  /** Metric, eval and log batches, run edits, MLflow and rllm calls: the SDKs send at most a few MiB. */
  json: 16 * MiB,
  /** Trajectory batches (REST v1 and rllm episodes): one agent episode can be large. */
  trajectories: 64 * MiB,
  /** A file imported into a run, held in memory while it is parsed. */
  import: MAX_IMPORT_BYTES,
  /** An MLflow artifact upload, streamed to disk. */
  artifact: 4096 * MiB,
};

/** The environment variable that sets each limit. */
export const BODY_LIMIT_ENV: Record<BodyLimitName, string> = {
  json: "SKILLBOARD_MAX_BODY_BYTES",
  trajectories: "SKILLBOARD_MAX_TRAJECTORY_BODY_BYTES",
  import: "SKILLBOARD_MAX_IMPORT_BYTES",
  artifact: "SKILLBOARD_MAX_ARTIFACT_BYTES",
};

/** An import is parsed as one string: JavaScript strings end near 512 MiB. */
const IMPORT_CEILING = 512 * MiB;

const UNITS: Record<string, number> = { "": 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: MiB, mb: MiB, mib: MiB, g: 1024 * MiB, gb: 1024 * MiB, gib: 1024 * MiB };

/** `16777216`, `16MiB`, `512k`, `1G` → bytes (binary units); throws a message naming the variable. */
export function parseByteSize(name: string, raw: string): number {
  const m = raw.trim().match(/^(\d+)\s*([a-z]*)$/i);
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  const bytes = m && unit ? Number(m[1]) * unit : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1) throw new Error(`${name}: expected a size in bytes such as 16777216 or 16MiB, got '${raw}'.`);
  return bytes;
}

/** The limits set in the environment (unset ones are left out: the defaults apply). */
export function bodyLimitsFromEnv(env: Record<string, string | undefined>): Partial<BodyLimits> {
  const out: Partial<BodyLimits> = {};
  for (const [name, variable] of Object.entries(BODY_LIMIT_ENV) as [BodyLimitName, string][]) {
    const raw = env[variable];
    if (raw) out[name] = parseByteSize(variable, raw);
  }
  if (out.import !== undefined && out.import > IMPORT_CEILING) {
    throw new Error(`${BODY_LIMIT_ENV.import}: at most ${IMPORT_CEILING} bytes (an import is parsed in memory as one string).`);
  }
  return out;
}

export function bodyLimit(limits: Partial<BodyLimits> | undefined, name: BodyLimitName): number {
  return limits?.[name] ?? DEFAULT_BODY_LIMITS[name];
}

export const formatBytes = (n: number) => (n >= MiB && n % MiB === 0 ? `${n / MiB} MiB` : n >= 1024 && n % 1024 === 0 ? `${n / 1024} KiB` : `${n} bytes`);

/** The 413 of a body past its limit. */
export class BodyTooLargeError extends PayloadTooLargeError {
  constructor(
    readonly limit: number,
    readonly limitName: BodyLimitName,
  ) {
    super(`request body: larger than ${formatBytes(limit)}, the most this route takes; send less per request (the server's ${BODY_LIMIT_ENV[limitName]} sets the limit).`);
  }
}

function refuseDeclaredLength(req: Request, limit: number, name: BodyLimitName): void {
  const declared = Number(req.headers.get("content-length"));
  if (declared > limit) throw new BodyTooLargeError(limit, name);
}

/** The whole body as bytes, refused (413) once more than `limit` bytes have arrived; the rest is not read. */
export async function readBodyBytes(req: Request, limit: number, name: BodyLimitName): Promise<Uint8Array> {
  refuseDeclaredLength(req, limit, name);
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError(limit, name);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

const decoder = new TextDecoder();

export async function readBodyText(req: Request, limit: number, name: BodyLimitName): Promise<string> {
  return decoder.decode(await readBodyBytes(req, limit, name));
}

/**
 * The body as a stream that errors with BodyTooLargeError once more than `limit`
 * bytes have passed (and cancels the source: no more is read), for bodies
 * written to disk as they arrive.
 */
export function limitBodyStream(req: Request, limit: number, name: BodyLimitName): ReadableStream<Uint8Array> | null {
  refuseDeclaredLength(req, limit, name);
  if (!req.body) return null;
  let total = 0;
  return req.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        total += chunk.byteLength;
        if (total > limit) controller.error(new BodyTooLargeError(limit, name));
        else controller.enqueue(chunk);
      },
    }),
  );
}

/** What a body read fails with when the client hangs up before sending it all. */
export const bodyCutOff = () => new BadRequestError("request body: the client closed the connection before sending all of it.");
