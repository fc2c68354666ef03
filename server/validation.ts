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

export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
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
