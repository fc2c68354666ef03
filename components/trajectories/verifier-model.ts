/**
 * The verifier's result read into the facts each atomic skill's reward comes
 * from, whatever the trainer named its fields (`testsPassed`, `tests_passed`,
 * `passed_tests`, …). What is not recognised is kept in `rest`.
 */
export interface VerifierView {
  tests: { passed: number | null; failed: number | null; passedNames: string[]; failedNames: string[] } | null;
  mutants: { killed: number; total: number | null } | null;
  files: { expected: string[]; predicted: string[]; both: string[]; missing: string[]; extra: string[] } | null;
  verdict: { predicted: string; expected: string | null } | null;
  reproduction: { failsBefore: boolean | null; passesAfter: boolean | null } | null;
  exitStatus: string | null;
  patch: string | null;
  rest: [string, unknown][];
}

const norm = (k: string) => k.toLowerCase().replace(/[^a-z0-9]/g, "");

const ALIASES = {
  testsPassed: ["testspassed", "passedtests", "numpassed", "passedcount"],
  testsFailed: ["testsfailed", "failedtests", "numfailed", "failedcount"],
  mutantsKilled: ["mutantskilled", "killedmutants", "killed"],
  mutantsTotal: ["mutantstotal", "totalmutants", "nummutants", "mutants"],
  mutantsSurvived: ["mutantssurvived", "survivedmutants", "survived"],
  expectedFiles: ["expectedfiles", "goldfiles", "groundtruthfiles", "truefiles", "targetfiles"],
  predictedFiles: ["predictedfiles", "predfiles", "foundfiles", "localizedfiles"],
  verdict: ["verdict", "predictedverdict", "judgement", "judgment"],
  expectedVerdict: ["expectedverdict", "groundtruthverdict", "trueverdict", "goldverdict"],
  failsBefore: ["failsbefore", "failedbefore", "failsbeforefix"],
  passesAfter: ["passesafter", "passedafter", "passesafterfix"],
  exitStatus: ["exitstatus", "exitcode", "status"],
  patch: ["patch", "gitpatch", "modelpatch", "diff", "submission"],
} as const;

type Field = keyof typeof ALIASES;

const names = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => (typeof x === "string" ? x : JSON.stringify(x))) : []);
const count = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : Array.isArray(v) ? v.length : null);
const bool = (v: unknown): boolean | null => (typeof v === "boolean" ? v : null);

export function readVerifier(verifier: Record<string, unknown>): VerifierView {
  const byNorm = new Map(Object.keys(verifier).map((k) => [norm(k), k]));
  const used = new Set<string>();
  const get = (field: Field): unknown => {
    for (const alias of ALIASES[field]) {
      const key = byNorm.get(norm(alias));
      if (key != null && !used.has(key)) {
        used.add(key);
        return verifier[key];
      }
    }
    return undefined;
  };
  const tp = get("testsPassed");
  const tf = get("testsFailed");
  const tests =
    count(tp) != null || count(tf) != null ? { passed: count(tp), failed: count(tf), passedNames: names(tp), failedNames: names(tf) } : null;

  const killed = count(get("mutantsKilled"));
  let total = count(get("mutantsTotal"));
  const survived = count(get("mutantsSurvived"));
  if (total == null && killed != null && survived != null) total = killed + survived;
  const mutants = killed != null ? { killed, total } : null;

  const ef = get("expectedFiles");
  const pf = get("predictedFiles");
  let files: VerifierView["files"] = null;
  if (Array.isArray(ef) || Array.isArray(pf)) {
    const expected = names(ef);
    const predicted = names(pf);
    const e = new Set(expected);
    const p = new Set(predicted);
    files = { expected, predicted, both: expected.filter((f) => p.has(f)), missing: expected.filter((f) => !p.has(f)), extra: predicted.filter((f) => !e.has(f)) };
  }

  const v = get("verdict");
  const ev = get("expectedVerdict");
  const verdict = v != null && typeof v !== "object" ? { predicted: String(v), expected: ev != null && typeof ev !== "object" ? String(ev) : null } : null;

  const fb = bool(get("failsBefore"));
  const pa = bool(get("passesAfter"));
  const reproduction = fb != null || pa != null ? { failsBefore: fb, passesAfter: pa } : null;

  const es = get("exitStatus");
  const p = get("patch");
  return {
    tests,
    mutants,
    files,
    verdict,
    reproduction,
    exitStatus: es == null || typeof es === "object" ? null : String(es),
    patch: typeof p === "string" && p.trim() ? p : null,
    rest: Object.entries(verifier).filter(([k]) => !used.has(k)),
  };
}

/** A one-line account for compact places (the group view): `12/14 tests · 7/10 mutants · files 2/2`. */
export function verifierHeadline(v: VerifierView): string[] {
  const parts: string[] = [];
  if (v.tests) parts.push(`${v.tests.passed ?? "?"} passed · ${v.tests.failed ?? "?"} failed`);
  if (v.mutants) parts.push(`${v.mutants.killed}${v.mutants.total != null ? `/${v.mutants.total}` : ""} mutants killed`);
  if (v.files) parts.push(`files ${v.files.both.length}/${v.files.expected.length} found, ${v.files.extra.length} extra`);
  if (v.verdict) parts.push(`verdict ${v.verdict.predicted}${v.verdict.expected ? ` (truth: ${v.verdict.expected})` : ""}`);
  if (v.reproduction) parts.push(`fails before: ${v.reproduction.failsBefore ?? "?"}, passes after: ${v.reproduction.passesAfter ?? "?"}`);
  if (v.exitStatus) parts.push(`exit: ${v.exitStatus}`);
  return parts;
}
