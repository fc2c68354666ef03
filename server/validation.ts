import { z } from "zod";
import { BadRequestError } from "./errors";

/** One line per problem, each naming the field by its path, e.g. `points.3.value: expected number`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const where = issue.path.length ? issue.path.join(".") : "body";
      return `${where}: ${issue.message}`;
    })
    .join("; ");
}

/**
 * How deep arrays and objects may nest in a body. JSON.parse takes any depth, but JSON.stringify
 * (storing a config, a trajectory blob) and recursive walkers overflow the stack near 5,000 levels:
 * a deeper body would be a 500, so it is refused here. Real payloads nest a few dozen levels.
 */
export const MAX_JSON_DEPTH = 256;

/**
 * Whether `value` nests arrays and objects deeper than `limit` levels: a loop, so no depth can overflow
 * it, and no allocation per object (a 10,000-point metric batch is walked in well under a millisecond).
 */
export function jsonDepthExceeds(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  if (typeof value !== "object" || value === null) return false;
  const stack: object[] = [value];
  const depths: number[] = [1];
  const visit = (child: unknown, depth: number) => {
    if (typeof child === "object" && child !== null) {
      stack.push(child);
      depths.push(depth + 1);
    }
  };
  while (stack.length) {
    const v = stack.pop()!;
    const depth = depths.pop()!;
    if (depth > limit) return true;
    if (Array.isArray(v)) for (let i = 0; i < v.length; i++) visit(v[i], depth);
    else for (const key in v) visit((v as Record<string, unknown>)[key], depth);
  }
  return false;
}

/** A 400 for a value nested deeper than MAX_JSON_DEPTH, naming where it came from. */
export function assertJsonDepth(value: unknown, where = "body"): void {
  if (jsonDepthExceeds(value)) throw new BadRequestError(`${where}: arrays and objects nested deeper than ${MAX_JSON_DEPTH} levels.`);
}

export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  assertJsonDepth(input);
  const result = schema.safeParse(input);
  if (!result.success) throw new BadRequestError(describeZodError(result.error));
  return result.data;
}

/** A finite number: NaN and ±Infinity cannot be plotted or averaged, so they are refused. */
export const finiteNumber = z.number({ error: "expected a finite number" }).refine(Number.isFinite, {
  message: "expected a finite number (NaN and Infinity are refused)",
});

export const batchId = z.string().min(1).max(200);
export const stepNumber = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
