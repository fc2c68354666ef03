import { describe, expect, it } from "vitest";
import { signInGate, signInGateApplies } from "./sign-in-gate";

describe("signInGate", () => {
  it("lets the sign-in page and its assets through without a session", () => {
    for (const path of ["/login", "/_next/static/chunks/app.js", "/_next/image", "/icon.svg", "/favicon.ico"]) {
      expect(signInGate(path, "", false), path).toEqual({ kind: "pass" });
    }
    expect(signInGate("/login", "?next=%2Flaunch", false)).toEqual({ kind: "pass" });
  });

  it("sends pages to /login with the path and query to come back to", () => {
    expect(signInGate("/", "", false)).toEqual({ kind: "redirect", location: "/login?next=%2F" });
    expect(signInGate("/runs/r 1", "?tab=logs&x=a%26b", false)).toEqual({
      kind: "redirect",
      location: `/login?next=${encodeURIComponent("/runs/r 1?tab=logs&x=a%26b")}`,
    });
    expect(signInGate("/launch", "?from=abc", false)).toEqual({ kind: "redirect", location: "/login?next=%2Flaunch%3Ffrom%3Dabc" });
  });

  it("answers API paths with 401 instead of a redirect", () => {
    for (const path of ["/api", "/api/trpc/auth.me", "/api/trpc/runs.list,auth.me"]) {
      expect(signInGate(path, "?batch=1", false).kind, path).toBe("unauthorized");
    }
  });

  it("answers a client-side navigation or prefetch of a page with 401, so the router loads the page itself", () => {
    expect(signInGate("/", "?_rsc=abc", false, { rsc: true }).kind).toBe("unauthorized");
    expect(signInGate("/login", "?_rsc=abc", false, { rsc: true })).toEqual({ kind: "pass" });
    expect(signInGate("/", "?_rsc=abc", true, { rsc: true })).toEqual({ kind: "pass" });
  });

  it("does not open look-alike paths", () => {
    for (const path of ["/loginx", "/login/extra", "/_nextfoo", "/_next", "/icon.svgx", "/favicon.ico/x", "/apix"]) {
      expect(signInGate(path, "", false).kind, path).toBe("redirect");
    }
  });

  it("lets everything through with a session", () => {
    for (const path of ["/", "/launch", "/api/trpc/auth.me", "/loginx"]) expect(signInGate(path, "", true)).toEqual({ kind: "pass" });
  });
});

describe("signInGateApplies (which paths the proxy of plain `next start` gates)", () => {
  it("gates pages and tRPC, and leaves the doors that authenticate by key to themselves", () => {
    for (const path of ["/", "/runs/abc", "/login", "/api/trpc", "/api/trpc/auth.me,runs.list"]) expect(signInGateApplies(path), path).toBe(true);
    for (const path of ["/api/v1/runs", "/api/session", "/api/2.0/mlflow/runs/create", "/api/episodes/batch"]) expect(signInGateApplies(path), path).toBe(false);
  });
});
