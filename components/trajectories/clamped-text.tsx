"use client";

import { useState } from "react";

/** Line ends as HTML keeps them (`\r\n` → `\n`): the server-rendered text must equal the client's. */
export const normalizeNewlines = (text: string) => (text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text);

/** The first lines (and characters) of a text, the rest behind "Show all". */
export function clampText(text: string, maxLines: number, maxChars: number): { shown: string; clipped: boolean; lines: number } {
  let end = 0;
  let lines = 0;
  while (lines < maxLines && end < text.length) {
    const nl = text.indexOf("\n", end);
    end = nl === -1 ? text.length : nl + 1;
    lines++;
  }
  end = Math.min(end, maxChars);
  let total = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < text.length - 1; i = text.indexOf("\n", i + 1)) total++;
  return { shown: text.slice(0, end).replace(/\n$/, ""), clipped: end < text.length, lines: total };
}

/** Pre-formatted text clamped to `maxLines`; a button shows the rest. */
export function ClampedText({
  text,
  maxLines = 12,
  maxChars = 4000,
  mono = true,
  className = "",
  testId,
}: {
  text: string;
  maxLines?: number;
  maxChars?: number;
  mono?: boolean;
  className?: string;
  testId?: string;
}) {
  const [all, setAll] = useState(false);
  text = normalizeNewlines(text);
  const { shown, clipped, lines } = clampText(text, maxLines, maxChars);
  return (
    <div data-testid={testId}>
      <pre className={`whitespace-pre-wrap break-words text-[13px] leading-5 ${mono ? "font-mono" : "font-sans"} ${className}`}>{all ? text : shown}</pre>
      {clipped && (
        <button type="button" onClick={() => setAll(!all)} className="mt-1 text-xs font-medium text-indigo-700 hover:underline">
          {all ? "Show less" : `Show all (${lines.toLocaleString("en-US")} lines, ${text.length.toLocaleString("en-US")} chars)`}
        </button>
      )}
    </div>
  );
}

/** Prose with its ``` fenced blocks split out (code shown as code). */
export function splitFences(text: string): { code: boolean; text: string }[] {
  const parts: { code: boolean; text: string }[] = [];
  const fence = /```[^\n`]*\n([\s\S]*?)\n?```/g;
  let last = 0;
  for (let m = fence.exec(text); m; m = fence.exec(text)) {
    if (m.index > last) parts.push({ code: false, text: text.slice(last, m.index).replace(/^\n+|\n+$/g, "") });
    parts.push({ code: true, text: m[1] });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ code: false, text: text.slice(last).replace(/^\n+|\n+$/g, "") });
  return parts.filter((p) => p.code || p.text.trim() !== "");
}

/** An assistant message: prose in the body font, fenced code blocks in mono, each part clamped. */
export function MessageText({ text, maxLines = 40 }: { text: string; maxLines?: number }) {
  const parts = splitFences(normalizeNewlines(text));
  return (
    <div className="space-y-1.5">
      {parts.map((p, i) =>
        p.code ? (
          <ClampedText key={i} text={p.text} maxLines={20} className="rounded-md bg-slate-50 px-2 py-1.5 text-slate-800" />
        ) : (
          <ClampedText key={i} text={p.text} maxLines={maxLines} mono={false} className="text-sm leading-6 text-slate-900" />
        ),
      )}
    </div>
  );
}
