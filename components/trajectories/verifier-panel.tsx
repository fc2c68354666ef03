"use client";

import { useMemo, type ReactNode } from "react";
import type { JsonClip } from "@/server/trajectories/clip-json";
import { PatchView } from "./diff-view";
import { KeyValues } from "./json-view";
import { readVerifier } from "./verifier-model";

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div data-testid={testId}>
      <dt className="text-[11px] font-semibold uppercase tracking-wide text-slate-400">{label}</dt>
      <dd className="mt-0.5 text-sm text-slate-800">{children}</dd>
    </div>
  );
}

function FileList({ files, tone }: { files: string[]; tone: "both" | "missing" | "extra" }) {
  const cls = { both: "text-emerald-800 bg-emerald-50", missing: "text-rose-800 bg-rose-50", extra: "text-amber-800 bg-amber-50" }[tone];
  const sign = { both: "✓", missing: "−", extra: "+" }[tone];
  return (
    <ul className="space-y-0.5">
      {files.map((f) => (
        <li key={f} className={`truncate rounded px-1.5 font-mono text-xs ${cls}`} title={f}>
          <span aria-hidden>{sign} </span>
          {f}
        </li>
      ))}
    </ul>
  );
}

/** What the verifier found: tests, mutants, file sets expected vs predicted, verdict, exit status, the patch; the rest as fields. */
export function VerifierPanel({ verifier, clips }: { verifier: Record<string, unknown>; clips: JsonClip[] }) {
  const v = useMemo(() => readVerifier(verifier), [verifier]);
  const empty = Object.keys(verifier).length === 0;
  return (
    <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby="verifier-title" data-testid="verifier-panel">
      <h2 id="verifier-title" className="text-sm font-semibold text-slate-900">
        Verifier
      </h2>
      {empty && <p className="text-sm text-slate-500">The trajectory carries no verifier result.</p>}
      <dl className="grid grid-cols-2 gap-3">
        {v.tests && (
          <Fact label="Tests" testId="verifier-tests">
            <span className="font-semibold text-emerald-700">{v.tests.passed ?? "?"} passed</span>
            {" · "}
            <span className={v.tests.failed ? "font-semibold text-rose-700" : "text-slate-500"}>{v.tests.failed ?? "?"} failed</span>
          </Fact>
        )}
        {v.mutants && (
          <Fact label="Mutants killed" testId="verifier-mutants">
            <span className="font-semibold">{v.mutants.killed}</span>
            {v.mutants.total != null && <span className="text-slate-500"> / {v.mutants.total}</span>}
          </Fact>
        )}
        {v.verdict && (
          <Fact label="Verdict">
            <span className={v.verdict.expected == null ? "" : v.verdict.predicted === v.verdict.expected ? "text-emerald-700" : "text-rose-700"}>{v.verdict.predicted}</span>
            {v.verdict.expected != null && <span className="text-slate-500"> (truth: {v.verdict.expected})</span>}
          </Fact>
        )}
        {v.reproduction && (
          <Fact label="Reproduction">
            fails before: {String(v.reproduction.failsBefore ?? "?")}, passes after: {String(v.reproduction.passesAfter ?? "?")}
          </Fact>
        )}
        {v.exitStatus && (
          <Fact label="Exit status" testId="verifier-exit">
            <span className="font-mono">{v.exitStatus}</span>
          </Fact>
        )}
      </dl>
      {v.tests && (v.tests.failedNames.length > 0 || v.tests.passedNames.length > 0) && (
        <details className="text-xs">
          <summary className="cursor-pointer text-slate-600">Test names</summary>
          <ul className="mt-1 space-y-0.5 font-mono">
            {v.tests.failedNames.map((t) => (
              <li key={`f${t}`} className="text-rose-700">✗ {t}</li>
            ))}
            {v.tests.passedNames.map((t) => (
              <li key={`p${t}`} className="text-emerald-700">✓ {t}</li>
            ))}
          </ul>
        </details>
      )}
      {v.files && (
        <div data-testid="verifier-files">
          <p className="text-[11px] font-semibold uppercase tracking-wide text-slate-400">
            Files: {v.files.both.length}/{v.files.expected.length} expected found, {v.files.extra.length} extra
          </p>
          <div className="mt-1 grid grid-cols-2 gap-2">
            <div>
              <p className="mb-0.5 text-xs text-slate-500">Expected</p>
              <FileList files={v.files.both} tone="both" />
              <FileList files={v.files.missing} tone="missing" />
            </div>
            <div>
              <p className="mb-0.5 text-xs text-slate-500">Predicted</p>
              <FileList files={v.files.both} tone="both" />
              <FileList files={v.files.extra} tone="extra" />
            </div>
          </div>
        </div>
      )}
      {v.patch && (
        <div>
          <p className="mb-1 text-[11px] font-semibold uppercase tracking-wide text-slate-400">Patch</p>
          <PatchView patch={v.patch} />
        </div>
      )}
      {v.rest.length > 0 && (
        <details className="text-sm" open={!v.tests && !v.mutants && !v.files && !v.verdict && !v.patch}>
          <summary className="cursor-pointer text-xs text-slate-600">Other fields ({v.rest.length})</summary>
          <div className="mt-2">
            <KeyValues entries={v.rest} />
          </div>
        </details>
      )}
      {clips.length > 0 && <p className="text-xs text-amber-700">Some verifier fields were cut for display; the raw JSON has them whole.</p>}
    </section>
  );
}
