import { z } from "zod";
import { addRuleInput, previewInput, projectName, removeAliasInput, removeRuleInput, setAliasInput } from "../metric-mapping/inputs";
import { previewMapping } from "../metric-mapping/read";
import { addRule, getMappingSettings, removeAlias, removeRule, setAlias } from "../metric-mapping/settings";
import { adminProcedure, publicProcedure, router } from "../trpc";
import { parseOrThrow } from "../validation";
import { listProjects } from "./service";
import { audited } from "../audit/record";
import { projectTarget } from "../audit/targets";

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

/** A mapping edit names its project; the detail is what was set or removed. */
const mappingAudit = ({ project, ...detail }: { project: string } & Record<string, unknown>) => ({ target: projectTarget(project), detail });

/** Projects and their metric-mapping settings: anyone reads, an admin edits (as with runs). */
export const projectsRouter = router({
  list: publicProcedure.query(({ ctx }) => listProjects(ctx.app.db).map((p) => ({ name: p.name, skills: p.skills, benchmarks: p.benchmarks }))),
  mapping: publicProcedure.input(readable(z.object({ project: projectName }))).query(({ ctx, input }) => getMappingSettings(ctx.app.db, input.project)),
  mappingPreview: publicProcedure.input(readable(previewInput)).query(({ ctx, input }) => previewMapping(ctx.app.db, input)),
  setAlias: adminProcedure.input(readable(setAliasInput)).mutation(({ ctx, input }) =>
    audited(ctx.app.db, ctx.principal, "metric_mapping.set_alias", () => setAlias(ctx.app.db, input), () => mappingAudit(input)),
  ),
  removeAlias: adminProcedure.input(readable(removeAliasInput)).mutation(({ ctx, input }) =>
    audited(ctx.app.db, ctx.principal, "metric_mapping.remove_alias", () => removeAlias(ctx.app.db, input), () => mappingAudit(input)),
  ),
  addRule: adminProcedure.input(readable(addRuleInput)).mutation(({ ctx, input }) =>
    audited(ctx.app.db, ctx.principal, "metric_mapping.add_rule", () => addRule(ctx.app.db, input), (rule) => mappingAudit({ ...input, id: rule.id })),
  ),
  removeRule: adminProcedure.input(readable(removeRuleInput)).mutation(({ ctx, input }) =>
    audited(ctx.app.db, ctx.principal, "metric_mapping.remove_rule", () => removeRule(ctx.app.db, input), () => mappingAudit(input)),
  ),
});
