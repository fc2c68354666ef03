/** Issue texts derived from observed behaviour: what was called, what came back, what was expected. */
import type { GapClass, IssueCall, Outcome } from "./types";

const NUMBER = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/;

function topLevelItems(src: string): number {
  const inner = src.slice(1, -1).trim();
  if (!inner) return 0;
  let depth = 0;
  let n = 1;
  let quote = "";
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i];
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = "";
    } else if (ch === '"' || ch === "'") quote = ch;
    else if ("[{(".includes(ch)) depth++;
    else if ("]})".includes(ch)) depth--;
    else if (ch === "," && depth === 0) n++;
  }
  return n;
}

export function gapClass(got: Outcome, expected: Outcome): GapClass {
  if ("throws" in got || "throws" in expected) return "throw";
  const g = got.value;
  const e = expected.value;
  if (["undefined", "null", "NaN"].includes(g)) return "missing";
  if (NUMBER.test(g) && NUMBER.test(e)) {
    const d = Math.abs(Number(g) - Number(e));
    if (Math.abs(d - 1) < 1e-9) return "off_by_one";
    if (Number(g) === -Number(e)) return "sign";
    return "numeric";
  }
  if ((g === "true" || g === "false") && (e === "true" || e === "false")) return "boolean";
  if (g.startsWith("[") && e.startsWith("[")) return Math.abs(topLevelItems(g) - topLevelItems(e)) === 1 ? "length" : "collection";
  if (g.startsWith('"') && e.startsWith('"')) return "text";
  return "collection";
}

const describeGot = (o: Outcome) => ("throws" in o ? `throws ${article(o.throws)} ${o.throws}${o.message ? ` ("${o.message}")` : ""}` : `returns \`${o.value}\``);
const describeExpected = (o: Outcome) => ("throws" in o ? `to throw ${article(o.throws)} ${o.throws}` : `\`${o.value}\``);
const article = (word: string) => (/^[AEIOU]/i.test(word) ? "an" : "a");

/** One sentence per call; `variant` picks the wording. */
export function describeCall(c: IssueCall, variant: number): string {
  switch (variant % 3) {
    case 0:
      return `\`${c.call}\` ${describeGot(c.got)}, but I expected ${describeExpected(c.expected)}.`;
    case 1:
      return `Calling \`${c.call}\` ${describeGot(c.got)}; it should give ${describeExpected(c.expected)}.`;
    default:
      return `Wrong behaviour of \`${c.fn}\`: \`${c.call}\` ${describeGot(c.got)} (expected ${describeExpected(c.expected)}).`;
  }
}

export function issueText(calls: IssueCall[], variant: number, security?: string): string {
  const body = calls.length === 1 ? describeCall(calls[0], variant) : calls.map((c, i) => `${i + 1}. ${describeCall(c, variant + i)}`).join("\n");
  if (security) return `Security report (${security}): ${body}\nHostile input like this must be rejected.`;
  return calls.length === 1 ? body : `Two problems:\n${body}`;
}

/** Whether the expected outcome is a rejection of the input (what a security guard must do). */
export function isRejection(o: Outcome): boolean {
  return "throws" in o || ["false", '"locked"', '"denied"'].includes(o.value);
}
