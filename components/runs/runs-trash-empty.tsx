/** The Trash view with nothing in it. */
export function RunsTrashEmpty({ project, onLeave }: { project: string; onLeave: () => void }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center" data-testid="runs-trash-empty">
      <p className="font-medium text-slate-800">{project ? `The trash of project “${project}” is empty` : "The trash is empty"}</p>
      <p className="mt-1 text-sm text-slate-500">Deleted runs land here with all their data, and can be restored from here or from their page.</p>
      <button
        type="button"
        onClick={onLeave}
        className="mt-4 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50"
      >
        Back to runs
      </button>
    </div>
  );
}
