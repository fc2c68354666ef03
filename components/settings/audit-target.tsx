import Link from "next/link";

/** An audit entry's target as a link to what it names: a run, a launch's group, a key, a project. */
export function AuditTarget({ target }: { target: string | null }) {
  if (!target) return <span className="text-slate-400">—</span>;
  const [kind, ...rest] = target.split(":");
  const value = rest.join(":");
  const link = "font-mono text-[12.5px] text-indigo-700 hover:underline";
  if (!value) return <Link href={`/runs/${encodeURIComponent(target)}`} className={link}>{target}</Link>;
  if (kind === "group") return <Link href={`/?group=${encodeURIComponent(value)}`} className={link}>group {value}</Link>;
  if (kind === "api_key") return <Link href="/settings/keys" className={link}>key #{value}</Link>;
  if (kind === "project") return <Link href={`/settings/projects/${encodeURIComponent(value)}`} className={link}>project {value}</Link>;
  return <span className="font-mono text-[12.5px]">{target}</span>;
}

/** `name: joint-1 · fields: tags, notes`: an entry's detail on one line. */
export function formatAuditDetail(detail: Record<string, unknown> | null): string {
  if (!detail) return "";
  return Object.entries(detail)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : k === "expiresAt" && typeof v === "number" ? new Date(v).toLocaleTimeString() : typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(" · ");
}
