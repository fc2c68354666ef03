// The sandbox thread: runs a bundled repository's JavaScript in a fresh
// `node:vm` context per request. Limits: a step budget on every piece of user
// code (each test, each call, each script may run at most LOOP_LIMIT loop
// iterations, counted by a guard injected into every loop header, so a hang is
// cut off at the same point on every machine), a wall-clock limit as a
// backstop, and the thread's heap limit set by the pool. Plain JavaScript with Node built-ins only, so it loads the same way
// under tsx, Vitest and bare Node. Nothing from the host leaks in: the code sees
// only its repository's files (a CommonJS `require` over them) and a captured console.
import { parentPort } from "node:worker_threads";
import vm from "node:vm";
import { instrument, LIMIT_MESSAGE, LOOP_LIMIT } from "./loop-guard.mjs";

// Runs inside each context: a CommonJS loader over the compiled module wrappers,
// and drivers that run many tests (or calls) in one entry, recording each result
// as it goes so that after a timeout the host knows which one hung and resumes.
const RUNTIME = `(function (compiled, syntaxErrors) {
  const cache = Object.create(null);
  function norm(p) {
    const out = [];
    for (const s of p.split('/')) {
      if (s === '' || s === '.') continue;
      if (s === '..') out.pop();
      else out.push(s);
    }
    return out.join('/');
  }
  function resolve(from, spec) {
    if (!spec.startsWith('./') && !spec.startsWith('../')) throw new Error("Cannot find module '" + spec + "' (only the repository's own files can be required)");
    const dir = from.lastIndexOf('/') < 0 ? '' : from.slice(0, from.lastIndexOf('/'));
    let p = norm(dir + '/' + spec);
    if (!(p in compiled) && !(p in syntaxErrors) && (p + '.js' in compiled || p + '.js' in syntaxErrors)) p = p + '.js';
    if (!(p in compiled) && !(p in syntaxErrors)) throw new Error("Cannot find module '" + spec + "' from " + from);
    return p;
  }
  function load(p) {
    if (cache[p]) return cache[p].exports;
    if (p in syntaxErrors) throw new SyntaxError(p + ': ' + syntaxErrors[p]);
    const module = { exports: {}, id: p };
    cache[p] = module;
    compiled[p].call(module.exports, module.exports, (spec) => load(resolve(p, spec)), module, p, p.slice(0, Math.max(0, p.lastIndexOf('/'))));
    return module.exports;
  }
  function errorOf(e) {
    return { name: String((e && e.name) || 'Error'), message: String((e && e.message) || e).slice(0, 500) };
  }
  const rt = { load, errorOf, results: [], loads: [], names: [] };
  // Loads the test files, noting how many tests each one registered (or why it failed to load).
  rt.loadTests = function (files) {
    const tests = load('test/harness.js').tests;
    for (const file of files) {
      __sbReset();
      const before = tests.length;
      let error = null;
      try { load(file); } catch (e) { error = errorOf(e); }
      rt.loads.push({ file, count: tests.length - before, error });
    }
    rt.names = tests.map((t) => String(t.name));
  };
  rt.runTests = function (from) {
    const tests = load('test/harness.js').tests;
    for (let i = from; i < tests.length; i++) {
      __sbReset();
      try {
        tests[i].fn();
        rt.results.push({ ok: true });
      } catch (e) {
        rt.results.push({ ok: false, error: errorOf(e) });
      }
    }
  };
  rt.runCalls = function (from) {
    const calls = load('__calls.js');
    const show = load('test/harness.js').show;
    for (let i = from; i < calls.length; i++) {
      __sbReset();
      try {
        rt.results.push({ value: show(calls[i]()) });
      } catch (e) {
        const err = errorOf(e);
        rt.results.push({ throws: err.name, message: err.message });
      }
    }
  };
  return rt;
})`;

const scripts = new Map();
function compile(filename, source) {
  const key = filename + "\u0000" + source;
  let s = scripts.get(key);
  if (!s) {
    if (scripts.size > 4000) scripts.clear();
    s = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${instrument(source)}\n})`, { filename });
    scripts.set(key, s);
  }
  return s;
}

// The loop guard, defined in every context.
const guardScript = new vm.Script(`(function (limit, message) {
  let count = 0;
  globalThis.__sbReset = () => { count = 0; };
  globalThis.__sbTick = () => {
    if (++count > limit) {
      const e = new Error(message);
      e.name = 'Timeout';
      throw e;
    }
    return true;
  };
  globalThis.__sbIter = function* (iterable) {
    for (const v of iterable) {
      globalThis.__sbTick();
      yield v;
    }
  };
})`);

const emptyObject = new vm.Script("({})");
const runtimeScript = new vm.Script(RUNTIME, { filename: "sandbox-runtime.js" });
const consoleScript = new vm.Script(
  "(function (h) { globalThis.console = { log: (...a) => h(a.map(String).join(' ')), error: (...a) => h(a.map(String).join(' ')) }; })",
);
const entry = {
  loadTests: new vm.Script("__rt.loadTests(__arg)"),
  runTests: new vm.Script("__rt.runTests(__arg)"),
  runCalls: new vm.Script("__rt.runCalls(__arg)"),
  load: new vm.Script("__rt.load(__arg); undefined"),
  results: new vm.Script("JSON.stringify(__rt.results)"),
  loads: new vm.Script("JSON.stringify({ loads: __rt.loads, names: __rt.names })"),
};

function newContext(files) {
  const output = [];
  const context = vm.createContext({}, { codeGeneration: { strings: false, wasm: false } });
  consoleScript.runInContext(context)((line) => {
    if (output.length < 200) output.push(String(line).slice(0, 1000));
  });
  guardScript.runInContext(context)(LOOP_LIMIT, LIMIT_MESSAGE);
  const compiled = emptyObject.runInContext(context);
  const syntaxErrors = emptyObject.runInContext(context);
  for (const [path, source] of Object.entries(files)) {
    if (!path.endsWith(".js")) continue;
    try {
      compiled[path] = compile(path, source).runInContext(context);
    } catch (e) {
      syntaxErrors[path] = String(e && e.message);
    }
  }
  context.__rt = runtimeScript.runInContext(context)(compiled, syntaxErrors);
  return { context, output };
}

/** Runs one entry point into user code under the time limit. */
function guarded(context, name, arg, timeout) {
  context.__arg = arg;
  try {
    entry[name].runInContext(context, { timeout });
    return {};
  } catch (e) {
    if (e && e.code === "ERR_SCRIPT_EXECUTION_TIMEOUT") return { timeout: true };
    return { error: { name: String((e && e.name) || "Error"), message: String((e && e.message) || e).slice(0, 500) } };
  }
}

const read = (context, name) => JSON.parse(entry[name].runInContext(context));
const timedOut = () => ({ name: "Timeout", message: LIMIT_MESSAGE });

/** Runs `driver` from 0; each time the budget runs out, the item in progress is marked timed out and the rest resumes. */
function runResumable(context, driver, count, timeoutMs, timeoutResult) {
  for (let from = 0; from < count; ) {
    const r = guarded(context, driver, from, timeoutMs);
    const done = read(context, "results").length;
    if (r.timeout) {
      context.__rt.results.push(timeoutResult);
      from = done + 1;
    } else if (r.error) {
      // The driver itself failed (e.g. the harness was broken): the rest fail with that error.
      while (context.__rt.results.length < count) context.__rt.results.push({ ok: false, error: r.error, throws: r.error.name, message: r.error.message });
      break;
    } else break;
  }
  return read(context, "results");
}

// { kind: "suite", files, testFiles, timeoutMs } -> { tests: [{file, name, ok, error?}] }
function runSuite({ files, testFiles, timeoutMs }) {
  const { context } = newContext(files);
  const r = guarded(context, "loadTests", testFiles, timeoutMs);
  if (r.timeout || r.error) return { tests: [{ file: testFiles.join(","), name: "(load)", ok: false, error: r.error ?? timedOut(timeoutMs) }] };
  const { loads, names } = read(context, "loads");
  const results = runResumable(context, "runTests", names.length, timeoutMs, { ok: false, error: timedOut(timeoutMs) });
  const tests = [];
  let i = 0;
  for (const l of loads) {
    if (l.error) tests.push({ file: l.file, name: "(load)", ok: false, error: l.error });
    for (let k = 0; k < l.count; k++, i++) tests.push({ file: l.file, name: names[i], ...results[i] });
  }
  return { tests };
}

// { kind: "script", files, main, timeoutMs } -> { ok, output, error? }
function runScript({ files, main, timeoutMs }) {
  const { context, output } = newContext(files);
  const r = guarded(context, "load", main, timeoutMs);
  if (!r.timeout && !r.error) return { ok: true, output: output.join("\n") };
  return { ok: false, output: output.join("\n"), error: r.error ?? timedOut(timeoutMs) };
}

// { kind: "calls", files, module, names, calls, timeoutMs } -> { results: [{value} | {throws, message}] }
// Each call is an expression over the module's exported `names`, e.g. "clamp(5, 0, 3)".
function runCalls({ files, module, names, calls, timeoutMs }) {
  const driver = [
    `const { ${names.join(", ")} } = require(${JSON.stringify("./" + module)});`,
    "module.exports = [",
    ...calls.map((c) => `  () => ${c},`),
    "];",
  ].join("\n");
  const { context } = newContext({ ...files, "__calls.js": driver });
  const loaded = guarded(context, "load", "__calls.js", timeoutMs);
  if (loaded.timeout || loaded.error) {
    const err = loaded.error ?? timedOut(timeoutMs);
    return { results: calls.map(() => ({ throws: err.name, message: err.message })) };
  }
  const results = runResumable(context, "runCalls", calls.length, timeoutMs, { throws: "Timeout", message: LIMIT_MESSAGE });
  return { results: results.map((r) => ("value" in r ? { value: r.value } : { throws: r.throws, message: r.message })) };
}

const handlers = { suite: runSuite, script: runScript, calls: runCalls };

parentPort.on("message", ({ id, request }) => {
  let result;
  try {
    result = handlers[request.kind](request);
  } catch (e) {
    result = { internalError: String((e && e.stack) || e) };
  }
  parentPort.postMessage({ id, result });
});
