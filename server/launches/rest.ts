import { json, restRoute } from "../http/rest";
import { requestCancel } from "../jobs/workers";
import { launch } from "./service";
import { recipeView } from "../recipes/view";

export const launchRoute = restRoute(async ({ app, json: body }) => json(launch(app.db, app.recipes, (await body()) as never, app.pools), 201), {
  roles: ["admin"],
});

export const listRecipesRoute = restRoute(({ app }) => json({ recipes: [...app.recipes.values()].map(recipeView) }));

export const cancelRunRoute = restRoute(({ app, params }) => json({ id: params.id, ...requestCancel(app.db, params.id) }), {
  roles: ["admin"],
});
