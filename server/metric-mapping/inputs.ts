import { z } from "zod";
import { METRIC_RULE_KINDS } from "@/db/schema";
import { MAX_RULE_PATTERN } from "./project-rules";

export const projectName = z.string().min(1).max(200);

/** Longest alias: data source names are short; a long one is almost surely a pasted key. */
export const MAX_ALIAS = 120;

export const setAliasInput = z.object({
  project: projectName,
  alias: z.string().trim().min(1, "the alias is empty").max(MAX_ALIAS, `an alias has at most ${MAX_ALIAS} characters`),
  target: z.string().min(1, "choose the skill or benchmark it means").max(200),
});
export type SetAliasInput = z.input<typeof setAliasInput>;

export const removeAliasInput = z.object({ project: projectName, alias: z.string().min(1).max(MAX_ALIAS) });

export const addRuleInput = z.object({
  project: projectName,
  pattern: z.string().trim().min(1, "the pattern is empty").max(MAX_RULE_PATTERN, `a pattern has at most ${MAX_RULE_PATTERN} characters`),
  /** A skill or benchmark id of the project, or `{name}` to resolve the name the pattern captures. */
  target: z.string().min(1, "choose what the matching keys feed").max(200),
  kind: z.enum(METRIC_RULE_KINDS, { error: `kind must be one of ${METRIC_RULE_KINDS.join(", ")}` }),
  samples: z.number().int().min(1).max(100_000).nullish(),
});
export type AddRuleInput = z.input<typeof addRuleInput>;

export const removeRuleInput = z.object({ project: projectName, id: z.number().int().positive() });

export const previewInput = z.object({
  project: projectName,
  /** Keys to try besides those of the project's recent runs (the settings page's "try a key" box). */
  keys: z.array(z.string().min(1).max(256)).max(50).default([]),
  /** How many recent runs to read keys from. */
  runs: z.number().int().min(1).max(100).default(20),
});
