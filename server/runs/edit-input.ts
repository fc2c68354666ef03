import { z } from "zod";

/**
 * What a person may change on a run after it was created: its name, tags and
 * notes. Plain zod with no database import, so the run page checks a value in
 * the browser with the same rules the server applies.
 */
export const RUN_EDIT_LIMITS = { name: 200, tag: 64, tags: 50, notes: 20_000 } as const;

export const runNameInput = z
  .string({ error: "expected a string" })
  .trim()
  .min(1, "must not be empty")
  .max(RUN_EDIT_LIMITS.name, `at most ${RUN_EDIT_LIMITS.name} characters`);

export const runTagInput = z
  .string({ error: "expected a string" })
  .trim()
  .min(1, "a tag must not be empty")
  .max(RUN_EDIT_LIMITS.tag, `a tag has at most ${RUN_EDIT_LIMITS.tag} characters`);

/** Tags in the order given, trimmed, each once. */
export const runTagsInput = z
  .array(runTagInput, { error: "expected an array of strings" })
  .max(1000, `at most ${RUN_EDIT_LIMITS.tags} distinct tags`)
  .transform((tags) => [...new Set(tags)])
  .pipe(z.array(z.string()).max(RUN_EDIT_LIMITS.tags, `at most ${RUN_EDIT_LIMITS.tags} distinct tags`));

/** Notes; an empty (or blank) string clears them, as does null. */
export const runNotesInput = z
  .string({ error: "expected a string or null" })
  .max(RUN_EDIT_LIMITS.notes, `at most ${RUN_EDIT_LIMITS.notes.toLocaleString("en-US")} characters`)
  .nullable()
  .transform((notes) => (notes == null || notes.trim() === "" ? null : notes));

/** `PATCH /api/v1/runs/{id}` and `runs.update`: every field optional; unknown fields are refused so a typo is not silently ignored. */
export const updateRunInput = z.strictObject({
  name: runNameInput.optional(),
  tags: runTagsInput.optional(),
  notes: runNotesInput.optional(),
});

export type UpdateRunInput = z.input<typeof updateRunInput>;

/** A value for one field, checked as the server will: the parsed value, or the first problem in words. */
export function checkRunField<T extends z.ZodType>(schema: T, value: unknown): { ok: true; value: z.output<T> } | { ok: false; error: string } {
  const result = schema.safeParse(value);
  return result.success ? { ok: true, value: result.data } : { ok: false, error: result.error.issues[0].message };
}
