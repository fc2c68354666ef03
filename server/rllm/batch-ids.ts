import { createHash } from "node:crypto";

/**
 * A batch id derived from what a request carries: rllm sends no batch ids, so the same
 * content sent again (a retry, or the per-item fallback after a failed batch request) is
 * recognised by the domain services' batch idempotency and stored once.
 */
export function contentBatchId(kind: string, content: unknown): string {
  return `rllm:${kind}:${createHash("sha256").update(JSON.stringify(content)).digest("hex").slice(0, 40)}`;
}
