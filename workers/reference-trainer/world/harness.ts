/**
 * The files every bundled repository shares: `test/harness.js`, a tiny
 * dependency-free test runner (`node test/harness.js` runs a repository's
 * tests with plain Node; the sandbox loads the same file), and the rendering
 * of test files and scripts from case data.
 */
import type { Case, Outcome } from "./types";

export const HARNESS_PATH = "test/harness.js";

export const HARNESS_SOURCE = `'use strict';
// A tiny assert-based test runner. Run all tests with: node test/harness.js
const tests = [];

function show(v) {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'number') return Object.is(v, -0) ? '0' : String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'function') return '[Function]';
  if (Array.isArray(v)) return '[' + v.map(show).join(', ') + ']';
  if (typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 0) return '{}';
    const key = (k) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : JSON.stringify(k));
    return '{ ' + keys.map((k) => key(k) + ': ' + show(v[k])).join(', ') + ' }';
  }
  return String(v);
}

class AssertionError extends Error {
  constructor(message) {
    super(message);
    this.name = 'AssertionError';
  }
}

function test(name, fn) {
  tests.push({ name, fn });
}

function eq(actual, expected) {
  const a = show(actual);
  const e = show(expected);
  if (a !== e) throw new AssertionError('expected ' + e + ', got ' + a);
}

function throws(fn, errorName) {
  let value;
  try {
    value = fn();
  } catch (err) {
    if (err && err.name === errorName) return;
    throw new AssertionError('expected ' + errorName + ', got ' + (err && err.name) + ': ' + (err && err.message));
  }
  throw new AssertionError('expected ' + errorName + ' to be thrown, got ' + show(value));
}

module.exports = { test, eq, throws, show, tests, AssertionError };

if (typeof require !== 'undefined' && require.main === module) {
  const fs = require('fs');
  const path = require('path');
  for (const f of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) require(path.join(__dirname, f));
  let failed = 0;
  for (const t of tests) {
    try {
      t.fn();
      console.log('ok   ' + t.name);
    } catch (err) {
      failed++;
      console.log('FAIL ' + t.name + ': ' + (err && err.message));
    }
  }
  console.log(tests.length - failed + ' passed, ' + failed + ' failed');
  process.exitCode = failed ? 1 : 0;
}
`;

export const testFileOf = (module: string) => `test/${module}.test.js`;
export const srcFileOf = (module: string) => `src/${module}.js`;

/** The statement a test or script uses to check `call` against an outcome. */
export function checkStatement(call: string, outcome: Outcome): string {
  return "throws" in outcome ? `throws(() => ${call}, ${JSON.stringify(outcome.throws)})` : `eq(${call}, ${outcome.value})`;
}

/** A module's test file holding the given cases (in their order). */
export function renderTestFile(module: string, exportsOf: readonly string[], cases: readonly Case[]): string {
  const lines = [
    "const { test, eq, throws } = require('./harness');",
    `const { ${exportsOf.join(", ")} } = require('../src/${module}');`,
    "",
  ];
  for (const c of cases) lines.push(`test(${JSON.stringify(c.call)}, () => ${checkStatement(c.call, c.expect)});`);
  return lines.join("\n") + "\n";
}
