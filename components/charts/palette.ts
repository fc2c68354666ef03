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
