"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { SignInNotice } from "@/components/auth/sign-in-notice";
import { useSession } from "@/components/auth/use-session";
import { useTRPC } from "@/components/providers/trpc";
import { ApiKeysTable } from "./api-keys-table";
import { CreateApiKeyForm } from "./create-api-key-form";

/** `/settings/keys`: the API keys (signed-in admins only): create one, see when each was used, revoke a leaked one. */
export function ApiKeysView() {
  const trpc = useTRPC();
  const { signedIn, readOnly, known } = useSession();
  const keys = useQuery(trpc.auth.keys.queryOptions(undefined, { enabled: signedIn }));

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">API keys</h1>
          <p className="text-sm text-slate-500">
            Trainers (SDK keys), GPU hosts (worker keys), read-only readers (viewer keys) and admins authenticate with these. Only a hash of each key is stored; a revoked key is refused at once.
          </p>
        </div>
        <Link href="/settings/audit" className="text-sm font-medium text-indigo-600 hover:underline" data-testid="audit-log-link">
          Audit log →
        </Link>
      </div>
      {known && !signedIn && <SignInNotice next="/settings/keys" action="managing API keys" readOnly={readOnly} />}
      {signedIn && (
        <>
          <CreateApiKeyForm />
          {keys.isError ? (
            <p className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800" role="alert" data-testid="keys-error">
              Could not load the keys: {keys.error.message}
            </p>
          ) : keys.data ? (
            <ApiKeysTable keys={keys.data.keys} currentKeyId={keys.data.currentKeyId} />
          ) : (
            <KeysLoading />
          )}
        </>
      )}
      {!known && <KeysLoading />}
    </div>
  );
}

function KeysLoading() {
  return (
    <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-busy="true" aria-label="Loading API keys" data-testid="keys-loading">
      {[0, 1, 2].map((i) => (
        <div key={i} className="h-6 animate-pulse rounded bg-slate-100" />
      ))}
    </div>
  );
}
