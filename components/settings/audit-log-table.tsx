"use client";

import { useRouter } from "next/navigation";
import { useCallback, useRef, useState, type KeyboardEvent } from "react";
import { RelativeTime } from "@/components/common/relative-time";
import { AUDIT_ACTIONS } from "@/server/audit/actions";
import type { AuditEntry } from "@/server/audit/list";
import { AuditTarget, formatAuditDetail } from "./audit-target";

const cell = "px-3 py-2 align-top";
const head = "bg-slate-50 px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500";

/** A run's id (a target without a `kind:` prefix), which Enter opens. */
const runOf = (target: string | null) => (target && !target.includes(":") ? target : null);

/**
 * The entries, newest first. Keyboard: Tab reaches the table once; j/k or ↓/↑ move
 * between rows, Home/End jump, Enter opens the run an entry names.
 */
export function AuditLogTable({ entries }: { entries: AuditEntry[] }) {
  const router = useRouter();
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const [active, setActive] = useState(0);
  const activeIndex = Math.min(active, entries.length - 1);

  const focusRow = useCallback((index: number) => {
    const rows = bodyRef.current?.querySelectorAll<HTMLTableRowElement>("tr[data-entry-id]");
    if (!rows?.length) return;
    const row = rows[Math.min(Math.max(index, 0), rows.length - 1)];
    row.focus();
    row.scrollIntoView({ block: "nearest" });
  }, []);

  const onKeyDown = (index: number, e: KeyboardEvent<HTMLTableRowElement>) => {
    if (e.metaKey || e.ctrlKey || e.altKey || e.target !== e.currentTarget) return;
    const moves: Record<string, number> = { j: index + 1, ArrowDown: index + 1, k: index - 1, ArrowUp: index - 1, Home: 0, End: entries.length - 1 };
    if (e.key in moves) {
      e.preventDefault();
      focusRow(moves[e.key]);
    } else if (e.key === "Enter") {
      const run = runOf(entries[index].target);
      if (run) router.push(`/runs/${encodeURIComponent(run)}`);
    }
  };

  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full border-collapse text-sm" aria-label="Audit log" data-testid="audit-table">
        <thead className="border-b border-slate-200">
          <tr>
            <th scope="col" className={head}>When</th>
            <th scope="col" className={head}>Who</th>
            <th scope="col" className={head}>Action</th>
            <th scope="col" className={head}>Target</th>
            <th scope="col" className={head}>Detail</th>
          </tr>
        </thead>
        <tbody ref={bodyRef}>
          {entries.map((e, i) => (
            <tr
              key={e.id}
              tabIndex={i === activeIndex ? 0 : -1}
              onFocus={() => setActive(i)}
              onKeyDown={(ev) => onKeyDown(i, ev)}
              className="border-b border-slate-100 outline-none last:border-0 focus:bg-indigo-50/60 focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-indigo-500"
              data-testid="audit-row"
              data-entry-id={e.id}
              data-action={e.action}
            >
              <td className={`${cell} whitespace-nowrap text-slate-600`}>
                <RelativeTime iso={new Date(e.at).toISOString()} />
              </td>
              <td className={`${cell} whitespace-nowrap`} data-testid="audit-actor">
                <span className="font-medium text-slate-900">{e.actor.name}</span>
                {e.actor.keyId != null && <span className="ml-1 text-xs text-slate-500">key #{e.actor.keyId}</span>}
              </td>
              <td className={cell}>
                <span className="text-slate-800">{AUDIT_ACTIONS[e.action] ?? e.action}</span>
                <span className="ml-1.5 font-mono text-[11px] text-slate-400">{e.action}</span>
              </td>
              <td className={`${cell} whitespace-nowrap`}>
                <AuditTarget target={e.target} />
              </td>
              <td className={`${cell} max-w-md break-words text-xs text-slate-600`}>{formatAuditDetail(e.detail)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
