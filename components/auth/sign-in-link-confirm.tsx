"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { safeNext, useSession } from "./use-session";

/**
 * A sign-in link opened from another site's page lands here instead of signing in
 * at once (that page could have planted someone else's link): one click spends it.
 */
export function SignInLinkConfirm({ link, next }: { link: string; next: string }) {
  const router = useRouter();
  const { signIn } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = async () => {
    setBusy(true);
    const result = await signIn({ link });
    setBusy(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    router.push(safeNext(next));
    router.refresh();
  };

  return (
    <div className="mb-6 space-y-3 rounded-lg border border-indigo-200 bg-indigo-50 px-4 py-3" data-testid="sign-in-link-confirm">
      <p className="text-sm text-indigo-900">This sign-in link was opened from another page. Sign in with it only if you asked for it (it came from your own terminal).</p>
      {error && (
        <p className="text-sm text-red-700" role="alert" data-testid="sign-in-link-error">
          {error}
        </p>
      )}
      <button
        type="button"
        onClick={() => void confirm()}
        disabled={busy || error != null}
        className="inline-flex h-9 items-center rounded-md bg-indigo-600 px-4 text-sm font-medium text-white shadow-sm hover:bg-indigo-500 disabled:opacity-60"
        data-testid="sign-in-link-continue"
      >
        {busy ? "Signing in…" : "Sign in with this link"}
      </button>
    </div>
  );
}
