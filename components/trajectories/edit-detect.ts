import { looksLikeUnifiedDiff } from "./line-diff";

/** A tool call that changes a file, in a form the timeline can draw as a diff. */
export type EditView =
  /** Old text replaced by new text (str_replace_editor, Claude Code's Edit, SWE-agent 1.x `edit` search/replace). */
  | { kind: "replace"; path: string | null; before: string; after: string }
  /** A whole new file. */
  | { kind: "create"; path: string | null; text: string }
  /** Text inserted after a line. */
  | { kind: "insert"; path: string | null; line: number | null; text: string }
  /** SWE-agent 0.x `edit START:END` … `end_of_edit`; `before` from the last file window the agent saw, when it showed those lines. */
  | { kind: "lines"; path: string | null; start: number; end: number; text: string; before: string | null }
  /** A unified diff passed as an argument. */
  | { kind: "patch"; patch: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === "string" ? v : null);

const PAIRS: [string, string][] = [
  ["old_str", "new_str"],
  ["old_string", "new_string"],
  ["oldText", "newText"],
  ["old_text", "new_text"],
  ["oldStr", "newStr"],
  ["search", "replace"],
  ["find", "replace"],
  ["original", "updated"],
  ["before", "after"],
  ["old", "new"],
];
const PATH_KEYS = ["path", "file_path", "filePath", "file", "filename", "file_name", "target_file"];
const CREATE_TEXT_KEYS = ["file_text", "content", "contents", "text"];

function pathOf(args: Record<string, unknown>): string | null {
  for (const k of PATH_KEYS) if (typeof args[k] === "string") return args[k] as string;
  return null;
}

const SWE_AGENT_EDIT = /^\s*edit\s+(\d+):(\d+)\s*\n([\s\S]*?)\n?end_of_edit\s*$/;

/**
 * Reads the numbered lines of a SWE-agent file window (`[File: /x.py (373 lines total)]`,
 * then `287:    code`): the path and a line number → text map.
 */
export function fileWindow(observation: string): { path: string | null; lines: Map<number, string> } | null {
  const lines = new Map<number, string>();
  for (const line of observation.split("\n")) {
    const m = /^(\d+):(.*)$/.exec(line.replace(/\r$/, ""));
    if (m) lines.set(Number(m[1]), m[2]);
  }
  if (lines.size === 0) return null;
  const file = /\[File: (.+?)(?: \(\d+ lines total\))?\]/.exec(observation);
  return { path: file ? file[1].trim() : null, lines };
}

/** A call's edit, if it is one. `priorWindow` gives the last file window shown before it (for SWE-agent line edits). */
export function detectEdit(name: string, args: unknown, priorWindow?: () => ReturnType<typeof fileWindow>): EditView | null {
  const command = isRecord(args) ? str(args.command) : str(args);
  const lineEdit = command ? SWE_AGENT_EDIT.exec(command) : null;
  if (lineEdit) {
    const start = Number(lineEdit[1]);
    const end = Number(lineEdit[2]);
    const window = priorWindow?.();
    let before: string | null = null;
    if (window) {
      const old: string[] = [];
      for (let n = start; n <= end && window.lines.has(n); n++) old.push(window.lines.get(n)!);
      if (old.length === end - start + 1) before = old.join("\n");
    }
    return { kind: "lines", path: window?.path ?? null, start, end, text: lineEdit[3], before };
  }
  if (typeof args === "string") return looksLikeUnifiedDiff(args) ? { kind: "patch", patch: args } : null;
  if (!isRecord(args)) return null;
  const path = pathOf(args);
  const cmd = str(args.command);
  if (cmd === "create" || /^(create|write)(_file)?$/i.test(name)) {
    for (const k of CREATE_TEXT_KEYS) if (typeof args[k] === "string") return { kind: "create", path, text: args[k] as string };
  }
  if (cmd === "insert" && typeof args.new_str === "string") {
    return { kind: "insert", path, line: typeof args.insert_line === "number" ? args.insert_line : null, text: args.new_str };
  }
  for (const [o, n] of PAIRS) {
    if (typeof args[o] === "string" && typeof args[n] === "string") return { kind: "replace", path, before: args[o] as string, after: args[n] as string };
  }
  for (const v of Object.values(args)) if (typeof v === "string" && looksLikeUnifiedDiff(v)) return { kind: "patch", patch: v };
  return null;
}

const SHELL_TOOLS = new Set(["bash", "execute_bash", "shell", "run", "run_command", "terminal", "cmd", "execute_command", "exec", "sh"]);

/** The shell command of a call that runs one: a shell tool's `command`/`cmd`, or a call whose only argument is `command`. */
export function shellCommand(name: string, args: unknown): string | null {
  if (typeof args === "string") return SHELL_TOOLS.has(name) ? args : null;
  if (!isRecord(args)) return null;
  const keys = Object.keys(args);
  const cmd = str(args.command) ?? str(args.cmd);
  if (cmd == null) return null;
  if (SHELL_TOOLS.has(name.toLowerCase())) return cmd;
  return keys.length === 1 && keys[0] === "command" ? cmd : null;
}
