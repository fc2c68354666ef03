import { z } from "zod";
import { addRuleInput, previewInput, projectName, removeAliasInput, removeRuleInput, setAliasInput } from "../metric-mapping/inputs";
import { previewMapping } from "../metric-mapping/read";
import { addRule, getMappingSettings, removeAlias, removeRule, setAlias } from "../metric-mapping/settings";
import { adminProcedure, publicProcedure, router } from "../trpc";
import { parseOrThrow } from "../validation";
import { listProjects } from "./service";

/**
 * Validates with the domain's messages (`alias: the alias is empty`) rather
 * than zod's raw issue list; `_input` / `_output` give tRPC the types (it then
 * calls `parse`).
 */
const readable = <T extends z.ZodType>(schema: T) => ({
  _input: undefined as unknown as z.input<T>,
  _output: undefined as unknown as z.output<T>,
  parse: (raw: unknown): z.output<T> => parseOrThrow(schema, raw),
});

/** Projects and their metric-mapping settings: anyone reads, an admin edits (as with runs). */
export const projectsRouter = router({
  list: publicProcedure.query(({ ctx }) => listProjects(ctx.app.db).map((p) => ({ name: p.name, skills: p.skills, benchmarks: p.benchmarks }))),
  mapping: publicProcedure.input(readable(z.object({ project: projectName }))).query(({ ctx, input }) => getMappingSettings(ctx.app.db, input.project)),
  mappingPreview: publicProcedure.input(readable(previewInput)).query(({ ctx, input }) => previewMapping(ctx.app.db, input)),
  setAlias: adminProcedure.input(readable(setAliasInput)).mutation(({ ctx, input }) => setAlias(ctx.app.db, input)),
  removeAlias: adminProcedure.input(readable(removeAliasInput)).mutation(({ ctx, input }) => removeAlias(ctx.app.db, input)),
  addRule: adminProcedure.input(readable(addRuleInput)).mutation(({ ctx, input }) => addRule(ctx.app.db, input)),
  removeRule: adminProcedure.input(readable(removeRuleInput)).mutation(({ ctx, input }) => removeRule(ctx.app.db, input)),
});
