/** Number formatting for metric values. */

const thousands = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** A pass rate in [0, 1] as `42.1%`; `—` when missing. */
export function formatPercent(value: number | null | undefined, digits = 1): string {
  if (value == null || !Number.isFinite(value)) return "—";
  return `${(value * 100).toFixed(digits)}%`;
}

/** A score: as a percentage when it is a rate in [0, 1], else as a plain number. */
export function formatScore(value: number, isRate: boolean): string {
  return isRate ? formatPercent(value) : formatMetricValue(value);
}

/** A metric value with about four significant digits: `0.0123`, `1,234`, `1.2e-6`, `3.4M`. */
export function formatMetricValue(value: number | null | undefined): string {
  if (value == null) return "—";
  if (!Number.isFinite(value)) return String(value);
  const a = Math.abs(value);
  if (a === 0) return "0";
  if (a >= 1e6) return compact(value);
  if (a >= 1000) return thousands.format(value);
  if (a >= 1e-3) return String(Number(value.toPrecision(4)));
  return value.toExponential(2).replace(/\.?0+e/, "e");
}

/** Short axis tick: `1.2k`, `3M`, `0.25`, `1e-6`. */
export function formatAxisTick(value: number): string {
  const a = Math.abs(value);
  if (a === 0) return "0";
  if (a >= 1000) return compact(value, 3);
  if (a >= 1e-3) return String(Number(value.toPrecision(3)));
  return Number(value.toPrecision(3)).toExponential();
}

const compactFormats = new Map<number, Intl.NumberFormat>();

/** `1.2K`, `3.4M`; formatters are cached (creating one costs far more than formatting). */
function compact(value: number, significantDigits = 0): string {
  let f = compactFormats.get(significantDigits);
  if (!f) {
    const digits = significantDigits ? { maximumSignificantDigits: significantDigits } : { maximumFractionDigits: 1 };
    compactFormats.set(significantDigits, (f = new Intl.NumberFormat("en-US", { notation: "compact", ...digits })));
  }
  return f.format(value);
}
