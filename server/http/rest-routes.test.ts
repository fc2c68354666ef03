import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REST_ROUTES } from "./rest-routes";

const APP_DIR = path.resolve(import.meta.dirname, "../../app");
const routeFile = (routePath: string) =>
  path.join(APP_DIR, routePath.replace(/:\.\.\.(\w+)/g, "[...$1]").replace(/:(\w+)/g, "[$1]"), "route.ts");

// The custom server answers from REST_ROUTES; `app/api/**/route.ts` serve the same handlers when the app
// runs under plain `next dev`/`next start`. Both doors must list the same routes.
describe("REST route table and app/api route files", () => {
  it.each(REST_ROUTES.map((r) => [r.method, r.path, r.handler] as const))("%s %s is exported by its route file", async (method, routePath, handler) => {
    const file = routeFile(routePath);
    expect(fs.existsSync(file), `${file} is missing`).toBe(true);
    const mod = (await import(file)) as Record<string, unknown>;
    expect(mod[method]).toBe(handler);
  });

  it.each(["api/v1", "api/2.0"])("every route file under app/%s is in the table", (dir) => {
    const files = (fs.readdirSync(path.join(APP_DIR, dir), { recursive: true }) as string[])
      .filter((f) => path.basename(f) === "route.ts")
      .map((f) => path.join(dir, f));
    const tablePaths = new Set(REST_ROUTES.map((r) => path.relative(APP_DIR, routeFile(r.path))));
    expect(files.filter((f) => !tablePaths.has(f))).toEqual([]);
  });
});
