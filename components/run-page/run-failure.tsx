import type { RunView } from "@/server/runs/service";

/** The exit code and error of a run that did not end cleanly. */
export function RunFailure({ run }: { run: RunView }) {
  const badExit = run.exitCode != null && run.exitCode !== 0;
  if (!run.error && !badExit) return null;
  return (
    <div className="rounded-lg border border-red-200 bg-red-50 px-4 py-3" role="alert" data-testid="run-error">
      <p className="text-sm font-medium text-red-800">
        {run.status === "failed" ? "Run failed" : "Run reported an error"}
        {run.exitCode != null && <span className="ml-2 font-mono text-xs font-normal text-red-700">exit code {run.exitCode}</span>}
      </p>
      {run.error && (
        <pre className="mt-2 max-h-48 overflow-auto whitespace-pre-wrap break-words font-mono text-xs text-red-900">{run.error}</pre>
      )}
    </div>
  );
}
