import Link from "next/link";
import { RelativeTime } from "@/components/common/relative-time";
import { compareHref } from "./compare-params";

interface Group {
  group: string;
  project: string;
  runs: number;
  createdAt: string;
}

/** `/compare` with nothing chosen: how to pick runs, and the groups one click away. */
export function CompareEmpty({ groups, more = false }: { groups: Group[]; more?: boolean }) {
  return (
    <div className="space-y-4" data-testid="compare-empty">
      <div className="rounded-xl border border-slate-200 bg-white px-6 py-8 shadow-sm">
        <h2 className="font-medium text-slate-900">Choose what to compare</h2>
        <p className="mt-1 max-w-2xl text-sm text-slate-500">
          Tick runs in the{" "}
          <Link href="/" className="text-indigo-700 hover:underline">
            runs table
          </Link>{" "}
          and press <span className="font-medium text-slate-700">Compare</span>, open a group below, or link straight to{" "}
          <code className="rounded bg-slate-100 px-1 font-mono text-xs">/compare?runs=id1,id2</code> or{" "}
          <code className="rounded bg-slate-100 px-1 font-mono text-xs">/compare?group=name</code>.
        </p>
      </div>
      {groups.length > 0 && (
        <div className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
          <table className="w-full border-collapse text-sm">
            <thead className="border-b border-slate-200 bg-slate-50">
              <tr className="text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
                <th className="px-3 py-2">Group</th>
                <th className="px-3 py-2">Project</th>
                <th className="px-3 py-2 text-right">Runs</th>
                <th className="px-3 py-2">Latest run</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={`${g.project}/${g.group}`} className="border-b border-slate-100 last:border-0 hover:bg-slate-50">
                  <td className="px-3 py-2">
                    <Link href={compareHref({ group: g.group, project: g.project })} className="font-medium text-indigo-700 hover:underline">
                      {g.group}
                    </Link>
                  </td>
                  <td className="px-3 py-2 text-slate-600">{g.project}</td>
                  <td className="px-3 py-2 text-right font-mono tabular-nums text-slate-700">{g.runs}</td>
                  <td className="px-3 py-2 text-slate-500">
                    <RelativeTime iso={g.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {more && (
            <p className="border-t border-slate-100 px-3 py-2 text-xs text-slate-500" data-testid="compare-groups-more">
              The {groups.length} groups with the newest runs. Older groups: pick one in the runs table&apos;s group filter, or link to{" "}
              <code className="rounded bg-slate-100 px-1 font-mono">/compare?group=name</code>.
            </p>
          )}
        </div>
      )}
    </div>
  );
}
