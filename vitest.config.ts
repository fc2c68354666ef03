import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "e2e/**", ".next/**", "data/**"],
    testTimeout: 120_000, // an upper bound for a hung test, not a speed check (a loaded machine is slow)
    hookTimeout: 300_000,
    pool: "forks",
  },
});
