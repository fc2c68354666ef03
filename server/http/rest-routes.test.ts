import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { matchRestRoute, REST_ROUTES } from "./rest-routes";

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

  it("a path param whose percent-encoding is not UTF-8 is a 400, not a crash", async () => {
    for (const pathname of ["/api/v1/runs/%E0%A4%A", "/api/v1/runs/%ED%A0%80/metrics", "/api/2.0/mlflow-artifacts/artifacts/%"]) {
      const match = matchRestRoute("GET", pathname);
      if (!match || typeof match === "string") throw new Error(`${pathname}: no route`);
      const res = await match.handler(new Request(`http://localhost${pathname}`), { params: Promise.resolve(match.params) });
      expect(res.status).toBe(400);
      expect((await res.json()).error.message).toMatch(/percent-encoded/);
    }
  });
});
