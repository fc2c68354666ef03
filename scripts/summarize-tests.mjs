// Adds up the counts of every runner into one closing line: "N passed, N failed".
// A test file that fails to load and a failing hook count as failures (their tests are otherwise
// reported as skipped); under CI=true any skipped test fails the run, so nothing is skipped silently.
import fs from "node:fs";
import path from "node:path";

const dir = process.argv[2];
const read = (f) => (fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), "utf8") : null);
let passed = 0;
let failed = 0;
let skipped = 0;
const lines = [];
const problems = [];
const skippedNames = [];

const vitest = read("vitest.json");
if (vitest) {
  const v = JSON.parse(vitest);
  const brokenFiles = v.testResults.filter((f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed"));
  for (const f of brokenFiles) problems.push(`vitest: ${path.relative(process.cwd(), f.name)} failed outside a test: ${(f.message || "").split("\n")[0]}`);
  // Tests of a broken file are reported as skipped; the file already counts as one failure.
  for (const f of v.testResults.filter((t) => !brokenFiles.includes(t))) {
    for (const a of f.assertionResults) if (a.status === "skipped" || a.status === "pending" || a.status === "todo") skippedNames.push(`vitest: ${a.fullName}`);
  }
  passed += v.numPassedTests;
  failed += v.numFailedTests + brokenFiles.length;
  skipped += skippedNames.length;
  lines.push(`vitest: ${v.numPassedTests} passed, ${v.numFailedTests + brokenFiles.length} failed (${brokenFiles.length} of them files that failed to load or in a hook)`);
} else {
  failed += 1;
  lines.push("vitest: no results (did it run?)");
}

const py = read("python.log");
if (py) {
  const ran = Number(py.match(/^Ran (\d+) tests?/m)?.[1] ?? 0);
  const f = py.match(/^FAILED \((.*)\)/m)?.[1] ?? "";
  const bad = [...f.matchAll(/(failures|errors)=(\d+)/g)].reduce((a, m) => a + Number(m[2]), 0);
  const skip = Number(f.match(/skipped=(\d+)/)?.[1] ?? py.match(/^OK \(skipped=(\d+)\)/m)?.[1] ?? 0);
  passed += ran - bad - skip;
  failed += bad + (ran === 0 ? 1 : 0);
  skipped += skip;
  if (skip) skippedNames.push(`python: ${skip} test(s) skipped`);
  lines.push(`python: ${ran - bad - skip} passed, ${bad} failed`);
}

const e2e = read("e2e.json");
if (e2e) {
  const report = JSON.parse(e2e);
  const s = report.stats;
  const errors = report.errors?.length ?? 0;
  for (const e of report.errors ?? []) problems.push(`e2e: ${(e.message || "").split("\n")[0]}`);
  passed += s.expected;
  failed += s.unexpected + s.flaky + errors;
  skipped += s.skipped;
  if (s.skipped) skippedNames.push(`e2e: ${s.skipped} test(s) skipped`);
  lines.push(`e2e: ${s.expected} passed, ${s.unexpected + s.flaky + errors} failed`);
} else {
  failed += 1;
  lines.push("e2e: no results (did it run?)");
}

for (const l of lines) console.log(`  ${l}`);
for (const p of problems) console.log(`  ${p}`);
if (process.env.CI === "true" || process.env.CI === "1") {
  if (skippedNames.length) {
    console.log("  CI: no test may be skipped; skipped:");
    for (const n of skippedNames.slice(0, 20)) console.log(`    ${n}`);
    failed += skipped;
    skipped = 0;
  }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
