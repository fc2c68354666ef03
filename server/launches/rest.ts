import { json, restRoute } from "../http/rest";
import { requestCancel } from "../jobs/workers";
import { launch } from "./service";
import { recipeView } from "../recipes/view";
import { audited } from "../audit/record";
import { launchAudit } from "../audit/targets";
import { launchInput } from "./service";
import { parseOrThrow } from "../validation";

export const launchRoute = restRoute(async ({ app, principal, json: body }) => {
  const input = parseOrThrow(launchInput, await body());
  return json(audited(app.db, principal, "run.launch", () => launch(app.db, app.recipes, input, app.pools), (r) => launchAudit(input.recipe, r)), 201);
}, {
  roles: ["admin"],
});

export const listRecipesRoute = restRoute(({ app }) => json({ recipes: [...app.recipes.values()].map(recipeView) }));

export const cancelRunRoute = restRoute(({ app, params, principal }) => {
  const result = audited(app.db, principal, "run.cancel", () => requestCancel(app.db, params.id), (r) => ({ target: params.id, detail: { status: r.status } }));
  return json({ id: params.id, ...result });
}, {
  roles: ["admin"],
});
