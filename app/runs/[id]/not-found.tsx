import Link from "next/link";

export default function RunNotFound() {
  return (
    <div className="mx-auto max-w-lg py-20 text-center" data-testid="run-not-found">
      <p className="font-mono text-sm text-slate-400">404</p>
      <h1 className="mt-2 text-xl font-semibold text-slate-900">Run not found</h1>
      <p className="mt-2 text-sm text-slate-600">No run has this id. It may belong to another server, or the link may be mistyped.</p>
      <Link href="/" className="mt-6 inline-block rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700">
        Back to runs
      </Link>
    </div>
  );
}
