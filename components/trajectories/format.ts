import { formatDuration } from "@/components/format/time";

const thousands = new Intl.NumberFormat("en-US");

/** `850 ms`, `4.2 s`, then `3m 05s`. */
export function formatMs(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return formatDuration(ms);
}

export const formatCount = (n: number | null | undefined) => (n == null ? "—" : thousands.format(n));

/** `812 B`, `24 KB`, `20.1 MB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Rewards and advantages: up to three decimals, no trailing zeros; advantages signed. */
export function formatReward(v: number | null | undefined, signed = false): string {
  if (v == null || !Number.isFinite(v)) return "—";
  const s = String(Number(v.toFixed(3)));
  return signed && v > 0 ? `+${s}` : s;
}
