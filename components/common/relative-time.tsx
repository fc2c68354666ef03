"use client";

import { formatExactTime, formatRelativeTime } from "@/components/format/time";
import { useNow } from "./use-now";

/** `5m ago`, with the exact local time on hover; ticks every 15 s. */
export function RelativeTime({ iso, className }: { iso: string | null; className?: string }) {
  const now = useNow(15_000);
  if (!iso) return <span className={className}>—</span>;
  return (
    <time dateTime={iso} title={formatExactTime(iso)} className={className} suppressHydrationWarning>
      {formatRelativeTime(iso, now)}
    </time>
  );
}
