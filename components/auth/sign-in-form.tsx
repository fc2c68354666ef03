"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { safeNext, useSession } from "./use-session";

/**
 * Paste an admin (or viewer: read-only) API key; on success go to `next`. A key that fails (401 / 403 / 429) shows the
 * server's message; `initialError` is why a sign-in link did not sign in.
 */
export function SignInForm({ next, initialError }: { next: string; initialError: string | null }) {
  const router = useRouter();
  const { signedIn, readOnly, known, signIn, signOut } = useSession();
  const [key, setKey] = useState("");
  const [error, setError] = useState<string | null>(initialError);
  const [busy, setBusy] = useState(false);
  const target = safeNext(next);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!key.trim()) {
      setError("Paste the admin API key.");
      return;
    }
    setBusy(true);
    const result = await signIn({ apiKey: key.trim() });
    setBusy(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    router.push(target);
    router.refresh();
  };

  if (known && signedIn) {
    return (
      <div className="space-y-4" data-testid="already-signed-in">
        <p className="text-sm text-slate-700">This browser is signed in: it can launch and cancel runs.</p>
        <div className="flex items-center gap-3">
          <Link href={target} className="inline-flex h-9 items-center rounded-md bg-indigo-600 px-4 text-sm font-medium text-white shadow-sm hover:bg-indigo-500">
            Continue
          </Link>
          <button type="button" onClick={() => void signOut()} className="text-sm text-slate-600 hover:text-slate-900">
            Sign out
          </button>
        </div>
      </div>
    );
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      {known && readOnly && (
        <p className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700" data-testid="signed-in-read-only">
          This browser is signed in read-only (viewer key). Sign in with an admin key to launch, cancel or edit runs.
        </p>
      )}
      <div>
        <label htmlFor="api-key" className="block text-sm font-medium text-slate-800">
          API key
        </label>
        <input
          id="api-key"
          name="apiKey"
          type="password"
          autoComplete="current-password"
          autoFocus
          value={key}
          onChange={(e) => {
            setKey(e.target.value);
            setError(null);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "api-key-error" : "api-key-hint"}
          className={`mt-1 h-10 w-full rounded-md border bg-white px-3 font-mono text-sm shadow-sm outline-none focus:ring-2 ${
            error ? "border-red-400 focus:border-red-500 focus:ring-red-500/20" : "border-slate-300 focus:border-indigo-500 focus:ring-indigo-500/20"
          }`}
          data-testid="api-key-input"
        />
        {error ? (
          <p id="api-key-error" className="mt-1.5 text-sm text-red-700" role="alert" data-testid="sign-in-error">
            {error}
          </p>
        ) : (
          <p id="api-key-hint" className="mt-1.5 text-xs text-slate-500">
            The key the server printed at its first start, also stored in <code className="font-mono">&lt;data dir&gt;/api-key</code>. Admin keys sign in to change things, viewer keys read-only; worker and SDK keys cannot sign in.
          </p>
        )}
      </div>
      <button
        type="submit"
        disabled={busy}
        className="inline-flex h-9 items-center rounded-md bg-indigo-600 px-4 text-sm font-medium text-white shadow-sm hover:bg-indigo-500 disabled:opacity-60"
        data-testid="sign-in-submit"
      >
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
