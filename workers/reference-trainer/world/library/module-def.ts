/** How the library describes one source module; the generator turns modules into repositories. */
export interface ModuleDef {
  /** The file is `src/<name>.js`; its tests go to `test/<name>.test.js`. */
  name: string;
  /** Modules it `require`s (they must be in the same repository). */
  deps?: string[];
  /** Vulnerability class guarded by a held-out security module. */
  security?: string;
  source: string;
  /** Function → call-argument sources; the expected outcomes come from running the correct code. */
  cases: Record<string, string[]>;
}

/** The names in `module.exports = { a, b }`. */
export function exportsOf(source: string): string[] {
  const m = /module\.exports\s*=\s*\{([^}]*)\}/.exec(source);
  if (!m) throw new Error("a module must end with module.exports = { ... }");
  return m[1].split(",").map((s) => s.trim()).filter(Boolean);
}
