/** A trajectory's result: passed, failed, or (imported logs with no test result) outcome unknown — never shown as a failure. */
export function OutcomeBadge({ passed, large, testId }: { passed: boolean | null; large?: boolean; testId?: string }) {
  const tone =
    passed == null
      ? "bg-slate-100 text-slate-600 ring-slate-300"
      : passed
        ? "bg-emerald-50 text-emerald-700 ring-emerald-200"
        : "bg-rose-50 text-rose-700 ring-rose-200";
  const size = large ? "rounded-md px-2 py-0.5 text-sm" : "rounded px-1.5 py-0.5 text-xs";
  return (
    <span
      className={`${size} whitespace-nowrap font-medium ring-1 ${tone}`}
      data-testid={testId}
      data-outcome={passed == null ? "unknown" : passed ? "passed" : "failed"}
      title={passed == null ? "No test result in the log; a later verdict (e.g. a SWE-bench report) sets it" : undefined}
    >
      {outcomeLabel(passed)}
    </span>
  );
}

export const outcomeLabel = (passed: boolean | null) => (passed == null ? "outcome unknown" : passed ? "passed" : "failed");

/** "12.5% passed" over the known outcomes, or "outcome unknown" when none is known. */
export const passRateLabel = (passed: number, known: number) => (known > 0 ? `${((passed / known) * 100).toFixed(1)}% passed` : "outcome unknown");
