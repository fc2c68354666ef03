"use client";

import { useState } from "react";
import { RelativeTime } from "@/components/common/relative-time";
import { formatExactTime } from "@/components/format/time";
import type { ApiKeyView } from "@/server/auth/api-keys";
import { API_KEY_ROLE_INFO } from "./api-key-roles";
import { RevokeKeyControl } from "./revoke-key-control";

const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());
const cell = "px-3 py-2 align-middle";
const head = "bg-slate-50 px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500";

/** Every key: active ones first (oldest first), then the revoked ones (latest first), each with a Revoke control. */
export function ApiKeysTable({ keys, currentKeyId }: { keys: ApiKeyView[]; currentKeyId: number }) {
  const [announcement, setAnnouncement] = useState("");
  const active = keys.filter((k) => k.revokedAt == null);
  const revoked = keys.filter((k) => k.revokedAt != null).sort((a, b) => b.revokedAt! - a.revokedAt!);
  const activeAdmins = active.filter((k) => k.role === "admin").length;

  if (!keys.length) {
    return (
      <section className="rounded-xl border border-dashed border-slate-300 bg-white px-8 py-10 text-sm text-slate-600" data-testid="keys-empty">
        No API keys yet. Create one above for each trainer, GPU host or admin.
      </section>
    );
  }
  return (
    <section className="space-y-2" aria-labelledby="keys-title">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="keys-title" className="text-base font-semibold text-slate-900">
          Keys <span className="text-sm font-normal text-slate-500">· {active.length} active{revoked.length ? ` · ${revoked.length} revoked` : ""}</span>
        </h2>
        <p className="text-sm text-slate-600" role="status" aria-live="polite" data-testid="keys-announcement">
          {announcement}
        </p>
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="w-full border-collapse text-sm" aria-label="API keys" data-testid="keys-table">
          <thead className="border-b border-slate-200">
            <tr>
              <th scope="col" className={head}>Name</th>
              <th scope="col" className={head}>Role</th>
              <th scope="col" className={head}>Key</th>
              <th scope="col" className={head}>Created</th>
              <th scope="col" className={head}>Last used</th>
              <th scope="col" className={head}>Status</th>
              <th scope="col" className={head}>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {[...active, ...revoked].map((k) => (
              <tr key={k.id} className={`border-b border-slate-100 last:border-0 ${k.revokedAt != null ? "text-slate-400" : ""}`} data-testid="key-row" data-key-id={k.id}>
                <td className={`${cell} font-medium ${k.revokedAt != null ? "" : "text-slate-900"}`}>
                  {k.name}
                  {k.id === currentKeyId && (
                    <span className="ml-2 whitespace-nowrap rounded bg-indigo-50 px-1.5 py-0.5 text-[11px] font-medium text-indigo-700 ring-1 ring-inset ring-indigo-200" title="This browser signed in with this key">
                      this browser
                    </span>
                  )}
                </td>
                <td className={cell}>
                  <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${API_KEY_ROLE_INFO[k.role].pill}`} title={API_KEY_ROLE_INFO[k.role].detail}>
                    {k.role}
                  </span>
                  {k.project != null && (
                    <span className="ml-2 whitespace-nowrap text-xs text-slate-500" title={`Creates and writes runs of project ${k.project} only`} data-testid="key-project-scope">
                      only {k.project}
                    </span>
                  )}
                </td>
                <td className={`${cell} font-mono text-[12.5px]`} data-testid="key-prefix">
                  {k.prefix}…
                </td>
                <td className={`${cell} whitespace-nowrap text-slate-600`}>
                  <RelativeTime iso={iso(k.createdAt)} />
                </td>
                <td className={`${cell} whitespace-nowrap text-slate-600`}>{k.lastUsedAt == null ? <span className="text-slate-400">never</span> : <RelativeTime iso={iso(k.lastUsedAt)} />}</td>
                <td className={`${cell} whitespace-nowrap`} data-testid="key-status">
                  {k.revokedAt == null ? (
                    <span className="inline-flex items-center gap-1.5 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700 ring-1 ring-inset ring-emerald-200">
                      <span className="h-1.5 w-1.5 rounded-full bg-emerald-500" aria-hidden />
                      active
                    </span>
                  ) : (
                    <span className="text-xs text-slate-500" title={formatExactTime(iso(k.revokedAt)!)}>
                      revoked on {new Date(k.revokedAt).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" })}
                    </span>
                  )}
                </td>
                <td className={`${cell} text-right`}>
                  {k.revokedAt == null && (
                    <RevokeKeyControl
                      apiKey={k}
                      isCurrent={k.id === currentKeyId}
                      lastAdmin={k.role === "admin" && activeAdmins <= 1}
                      onRevoked={() => setAnnouncement(`Revoked “${k.name}”: requests with it now get 401.`)}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
