"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { SignInNotice } from "@/components/auth/sign-in-notice";
import { useSession } from "@/components/auth/use-session";
import { useTRPC } from "@/components/providers/trpc";
import { AUDIT_ACTION_NAMES, AUDIT_ACTIONS, type AuditAction } from "@/server/audit/actions";
import { AuditLogTable } from "./audit-log-table";

const PAGE = 50;

/** `/settings/audit`: what admins did, newest first, filtered by action (`?action=`), older pages on request. */
export function AuditLogView() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const { signedIn, readOnly, known } = useSession();
  const raw = searchParams.get("action") ?? "";
  const action = (AUDIT_ACTION_NAMES as string[]).includes(raw) ? (raw as AuditAction) : undefined;

  const list = useInfiniteQuery({
    ...trpc.audit.list.infiniteQueryOptions({ limit: PAGE, action }, { getNextPageParam: (p) => p.nextCursor ?? undefined }),
    enabled: signedIn,
    placeholderData: keepPreviousData,
  });
  const entries = useMemo(() => list.data?.pages.flatMap((p) => p.entries) ?? [], [list.data]);

  const setAction = (value: string) => {
    const params = new URLSearchParams(searchParams);
    if (value) params.set("action", value);
    else params.delete("action");
    router.replace(params.size ? `${pathname}?${params}` : pathname, { scroll: false });
  };

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Audit log</h1>
          <p className="text-sm text-slate-500">
            Who created or revoked keys, launched, canceled, edited, deleted or purged runs, changed metric mappings and made sign-in links, and when. Also at{" "}
            <code className="font-mono text-[12px]">GET /api/v1/audit</code> with an admin key.
          </p>
        </div>
        <Link href="/settings/keys" className="text-sm font-medium text-indigo-600 hover:underline">
          API keys →
        </Link>
      </div>
      {known && !signedIn && <SignInNotice next="/settings/audit" action="reading the audit log" readOnly={readOnly} />}
      {signedIn && (
        <>
          <label className="flex items-center gap-2 text-sm">
            <span className="text-slate-500">Action</span>
            <select
              value={action ?? ""}
              onChange={(e) => setAction(e.target.value)}
              className="h-8 rounded-md border border-slate-300 bg-white pl-2 pr-7 text-sm shadow-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20"
              data-testid="audit-action-filter"
            >
              <option value="">Any action</option>
              {AUDIT_ACTION_NAMES.map((a) => (
                <option key={a} value={a}>
                  {AUDIT_ACTIONS[a]}
                </option>
              ))}
            </select>
          </label>
          {list.isError ? (
            <p className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800" role="alert" data-testid="audit-error">
              Could not load the audit log: {list.error.message}
            </p>
          ) : !list.data ? (
            <AuditLoading />
          ) : entries.length === 0 ? (
            <section className="rounded-xl border border-dashed border-slate-300 bg-white px-8 py-10 text-sm text-slate-600" data-testid="audit-empty">
              {action
                ? `No “${AUDIT_ACTIONS[action]}” entries yet.`
                : "Nothing recorded yet. Creating or revoking a key, launching, canceling, editing, deleting or purging a run, and each sign-in link are logged here."}
            </section>
          ) : (
            <>
              <AuditLogTable entries={entries} />
              {list.hasNextPage && (
                <button
                  type="button"
                  onClick={() => void list.fetchNextPage()}
                  disabled={list.isFetchingNextPage}
                  className="inline-flex h-8 items-center rounded-md border border-slate-300 bg-white px-3 text-sm text-slate-700 shadow-sm hover:bg-slate-50 disabled:opacity-60"
                  data-testid="audit-load-more"
                >
                  {list.isFetchingNextPage ? "Loading…" : "Load older entries"}
                </button>
              )}
            </>
          )}
        </>
      )}
      {!known && <AuditLoading />}
    </div>
  );
}

function AuditLoading() {
  return (
    <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-busy="true" aria-label="Loading the audit log" data-testid="audit-loading">
      {[0, 1, 2].map((i) => (
        <div key={i} className="h-6 animate-pulse rounded bg-slate-100" />
      ))}
    </div>
  );
}
