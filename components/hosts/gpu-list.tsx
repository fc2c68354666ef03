import type { GpuInfo } from "@/db/schema";
import { UsageBar } from "./usage-bar";

const gib = (mib: number) => (mib / 1024).toFixed(mib >= 10 * 1024 ? 0 : 1);

/** Each GPU of a host with its utilisation and memory in use. */
export function GpuList({ gpus }: { gpus: GpuInfo[] }) {
  if (!gpus.length) return <p className="text-sm text-slate-500">No GPUs: runs here get CPU only.</p>;
  return (
    <ul className="space-y-2" aria-label="GPUs">
      {gpus.map((g) => (
        <li key={g.index} className="grid grid-cols-[minmax(0,12rem)_1fr_1fr] items-center gap-4" data-testid="gpu">
          <span className="truncate text-sm text-slate-700" title={g.name}>
            <span className="mr-1.5 font-mono text-xs text-slate-400">GPU {g.index}</span>
            {g.name}
          </span>
          <UsageBar label="Utilisation" value={g.utilization / 100} detail={`${Math.round(g.utilization)}%`} />
          <UsageBar
            label="Memory"
            value={g.memoryTotalMiB ? g.memoryUsedMiB / g.memoryTotalMiB : 0}
            detail={`${gib(g.memoryUsedMiB)} / ${gib(g.memoryTotalMiB)} GiB`}
          />
        </li>
      ))}
    </ul>
  );
}
