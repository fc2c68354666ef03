/** Line colours: the five default skills keep a fixed colour everywhere; other series cycle through the rest. */
const SKILL_COLORS: Record<string, string> = {
  localization: "#2563eb",
  editing: "#7c3aed",
  unit_test: "#059669",
  review: "#d97706",
  reproduction: "#e11d48",
};

const CYCLE = ["#4f46e5", "#0891b2", "#c026d3", "#65a30d", "#ea580c", "#0d9488", "#9333ea", "#dc2626"];

export function seriesColor(name: string, index = 0): string {
  return SKILL_COLORS[name] ?? CYCLE[index % CYCLE.length];
}

/**
 * Colours for runs (or configurations) overlaid in one chart: well apart from
 * each other, the same colour for the same run across every chart of a page.
 */
const RUN_COLORS = ["#2563eb", "#e11d48", "#059669", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#65a30d", "#475569", "#ea580c"];

export function runColor(index: number): string {
  if (index < RUN_COLORS.length) return RUN_COLORS[index];
  // Past the hand-picked ten (an ablation set of 20 configurations): hues a golden angle apart, two lightnesses, so no two rows share a colour.
  const i = index - RUN_COLORS.length;
  return `hsl(${Math.round((i * 137.508 + 20) % 360)} ${i % 2 ? 55 : 70}% ${i % 2 ? 38 : 46}%)`;
}
