import { describe, expect, it } from "vitest";
import { isLoopbackHost, openReadsWarning } from "./exposure";

describe("openReadsWarning", () => {
  it("knows the loopback addresses", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]", "::ffff:127.0.0.1"]) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ["0.0.0.0", "::", "10.0.0.5", "gpu-head", "128.0.0.1"]) expect(isLoopbackHost(host), host).toBe(false);
  });

  it("warns only beyond loopback with reads open", () => {
    expect(openReadsWarning({ host: "127.0.0.1" })).toBeNull();
    expect(openReadsWarning({ host: "0.0.0.0", requireSignIn: true })).toBeNull();
    expect(openReadsWarning({ host: "0.0.0.0" })).toMatch(/^Listening on 0\.0\.0\.0, beyond this machine, with reads open.*--require-sign-in/);
  });
});
