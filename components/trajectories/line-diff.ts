/** One line of a diff: kept (` `), removed (`-`) or added (`+`). */
export interface DiffLine {
  op: " " | "-" | "+";
  text: string;
}

/** Past this many cells the middle of a diff is shown as removed-then-added rather than aligned. */
const MAX_CELLS = 4_000_000;

/**
 * A line diff of `before` → `after` (longest common subsequence, common prefix
 * and suffix trimmed first). Large, very different inputs fall back to
 * "all removed, then all added" instead of taking quadratic time.
 */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) (endA--, endB--);
  const out: DiffLine[] = a.slice(0, start).map((text) => ({ op: " ", text }));
  out.push(...middle(a.slice(start, endA), b.slice(start, endB)));
  out.push(...a.slice(endA).map((text) => ({ op: " " as const, text })));
  return out;
}

export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

function middle(a: string[], b: string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0 || (n + 1) * (m + 1) > MAX_CELLS) {
    return [...a.map((text) => ({ op: "-" as const, text })), ...b.map((text) => ({ op: "+" as const, text }))];
  }
  // lcs[i][j] = LCS length of a[i..] and b[j..]
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = a[i] === b[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: " ", text: a[i] });
      i++;
      j++;
    } else if (lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) {
      out.push({ op: "-", text: a[i++] });
    } else {
      out.push({ op: "+", text: b[j++] });
    }
  }
  while (i < n) out.push({ op: "-", text: a[i++] });
  while (j < m) out.push({ op: "+", text: b[j++] });
  return out;
}

/** The lines of a unified diff (`git diff` output), classified for colouring. */
export type PatchLineKind = "file" | "hunk" | "add" | "del" | "context" | "meta";

export function classifyPatchLine(line: string): PatchLineKind {
  if (line.startsWith("diff --git") || line.startsWith("+++ ") || line.startsWith("--- ")) return "file";
  if (line.startsWith("@@")) return "hunk";
  if (line.startsWith("+")) return "add";
  if (line.startsWith("-")) return "del";
  if (line.startsWith(" ") || line === "") return "context";
  return "meta";
}

/** Whether a string reads as a unified diff. */
export function looksLikeUnifiedDiff(text: string): boolean {
  return /^(diff --git |--- \S)/m.test(text) && /^@@ [-+]?\d/m.test(text);
}
