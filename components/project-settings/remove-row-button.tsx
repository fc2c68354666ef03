/** The "Remove" button at the end of an alias or rule row. */
export function RemoveRowButton({ onClick, disabled, label, testId }: { onClick: () => void; disabled: boolean; label: string; testId: string }) {
  return (
    <button
      type="button"
      onClick={onClick}
      disabled={disabled}
      className="rounded px-2 py-0.5 text-xs text-slate-500 hover:bg-red-50 hover:text-red-700 focus-visible:outline-2 focus-visible:outline-indigo-500"
      aria-label={label}
      data-testid={testId}
    >
      Remove
    </button>
  );
}
