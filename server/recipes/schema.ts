import { z } from "zod";

const paramBase = { description: z.string().optional(), label: z.string().optional() };

export const recipeParamSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("int"), ...paramBase, min: z.number().int().optional(), max: z.number().int().optional(), default: z.number().int().optional() }),
  z.strictObject({ type: z.literal("float"), ...paramBase, min: z.number().optional(), max: z.number().optional(), default: z.number().optional() }),
  z.strictObject({ type: z.literal("string"), ...paramBase, pattern: z.string().optional(), default: z.string().optional() }),
  z.strictObject({ type: z.literal("enum"), ...paramBase, values: z.array(z.string()).min(1), default: z.string().optional() }),
  z.strictObject({ type: z.literal("bool"), ...paramBase, default: z.boolean().optional() }),
  z.strictObject({
    type: z.literal("skills"),
    ...paramBase,
    /** Skill → mixture weight; the keys are the skills selected by default. */
    default: z.record(z.string(), z.number().min(0)).optional(),
  }),
]);
export type RecipeParam = z.infer<typeof recipeParamSchema>;

export const recipeResourcesSchema = z.strictObject({
  gpus: z.number().int().min(0).default(0),
  gpusPerNode: z.number().int().min(0).optional(),
  nodes: z.number().int().min(1).optional(),
  cpus: z.number().int().min(1).optional(),
  memory: z.string().optional(),
  timeLimit: z.string().optional(),
});

export const recipeSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, "lowercase letters, digits, '.', '_' or '-'"),
  description: z.string().default(""),
  argv: z.array(z.string()).min(1, "must name the program to run"),
  params: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "a parameter name is an identifier"), recipeParamSchema).default({}),
  resources: recipeResourcesSchema.default({ gpus: 0 }),
  env: z.record(z.string(), z.string()).default({}),
  retry: z.strictObject({ maxAttempts: z.number().int().min(1).max(100).default(1) }).default({ maxAttempts: 1 }),
  pool: z.string().default("local"),
  /** The working directory of the process, relative to the repository root; default the run's own folder. */
  cwd: z.string().optional(),
  /** What "Launch ablation set" adds besides the joint run and one `only-<skill>` run per skill. */
  ablation: z
    .strictObject({
      /**
       * An enum parameter whose values other than its default each train on one
       * composite benchmark only (the paper's composite-only baseline): the set
       * adds one `only-<value>` run per value; its other runs keep the default.
       */
      compositeOnly: z.string().optional(),
    })
    .optional(),
});
export type Recipe = z.infer<typeof recipeSchema> & { file: string };
