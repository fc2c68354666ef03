import { describe, expect, it } from "vitest";
import { crossSiteRefusal } from "./cross-site";

const check = (headers: Record<string, string>) => crossSiteRefusal(new Headers({ host: "box:3000", ...headers }));

describe("crossSiteRefusal", () => {
  it("passes this server's own pages, behind a proxy too, and clients that are not browsers", () => {
    expect(check({ origin: "http://box:3000", "sec-fetch-site": "same-origin" })).toBeNull();
    expect(check({ origin: "https://board.lab.example", "x-forwarded-host": "board.lab.example" })).toBeNull();
    expect(check({})).toBeNull();
    expect(check({ "sec-fetch-site": "none" })).toBeNull();
  });

  it("refuses another site by Sec-Fetch-Site, by Origin, and an opaque or malformed Origin", () => {
    expect(check({ "sec-fetch-site": "cross-site" })).toBe("Refused: this request came from another site. Use this server's own pages.");
    expect(check({ origin: "http://box:3001" })).toBe("Refused: this request came from http://box:3001, not from this server (box:3000). Use this server's own pages.");
    expect(check({ origin: "http://sub.box:3000", "sec-fetch-site": "same-site" })).toMatch(/^Refused: this request came from http:\/\/sub\.box:3000/);
    expect(check({ origin: "null" })).toMatch(/^Refused: this request came from an opaque origin/);
    expect(check({ origin: "not a url" })).toMatch(/^Refused: /);
  });
});
