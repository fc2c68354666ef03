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
  return RUN_COLORS[index % RUN_COLORS.length];
}
