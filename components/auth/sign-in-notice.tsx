"use client";

import Link from "next/link";
import { loginHref } from "./use-session";

/**
 * Shown where an action needs a signed-in admin: says why and links to `/login`, then back to `next`.
 * `readOnly`: the browser is signed in with a viewer key, which reads but changes nothing.
 */
export function SignInNotice({ next, action, readOnly = false }: { next: string; action: string; readOnly?: boolean }) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-amber-200 bg-amber-50 px-5 py-3" role="note" data-testid="sign-in-notice">
      {readOnly ? (
        <p className="text-sm text-amber-900">
          <span className="font-medium">Signed in read-only (viewer key).</span> You can browse everything; {action} needs an admin API key.
        </p>
      ) : (
        <p className="text-sm text-amber-900">
          <span className="font-medium">You are not signed in.</span> Anyone can browse runs; {action} needs the admin API key (the server printed it at its first
          start; <code className="font-mono text-[12px]">skillboard sign-in-link</code> prints a single-use sign-in link).
        </p>
      )}
      <Link href={loginHref(next)} className="inline-flex h-8 items-center rounded-md bg-amber-600 px-3 text-sm font-medium text-white shadow-sm hover:bg-amber-500">
        {readOnly ? "Sign in as admin" : "Sign in"}
      </Link>
    </div>
  );
}
