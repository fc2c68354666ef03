"use client";

/** Shown when a page fails to render (for example the database is unreadable). */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-lg py-20 text-center" role="alert">
      <h1 className="text-xl font-semibold text-slate-900">Something went wrong</h1>
      <p className="mt-2 break-words text-sm text-slate-600">{error.message || "The page could not be rendered."}</p>
      {error.digest && <p className="mt-1 font-mono text-xs text-slate-400">ref {error.digest}</p>}
      <button type="button" onClick={reset} className="mt-6 rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700">
        Try again
      </button>
    </div>
  );
}
