"use client";

import { useState } from "react";

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

const isBranch = (v: unknown): v is Record<string, unknown> | unknown[] => typeof v === "object" && v !== null;

/** Number of leaf values under a config value. */
export function countLeaves(v: unknown): number {
  if (!isBranch(v)) return 1;
  const children = Array.isArray(v) ? v : Object.values(v);
  return children.reduce<number>((n, c) => n + countLeaves(c), 0);
}

/** The run config as an indented tree: objects and arrays fold, leaves are typed and coloured. */
export function ConfigTree({ config }: { config: Record<string, unknown> }) {
  const entries = Object.entries(config);
  if (!entries.length) return <p className="text-sm text-slate-400">This run has no config.</p>;
  return (
    <ul className="font-mono text-[12.5px] leading-6" data-testid="config-tree" role="tree">
      {entries.map(([k, v]) => (
        <ConfigNode key={k} name={k} value={v} depth={0} />
      ))}
    </ul>
  );
}

function ConfigNode({ name, value, depth }: { name: string; value: unknown; depth: number }) {
  const [open, setOpen] = useState(depth < 2);
  const indent = { paddingLeft: depth * 16 };

  if (!isBranch(value) || isInlineArray(value)) {
    return (
      <li role="treeitem" aria-selected={false} className="flex gap-2 rounded hover:bg-slate-50" style={indent}>
        <span className="w-4 shrink-0" />
        <span className="shrink-0 text-slate-600">{name}</span>
        <span className="min-w-0 break-all">
          <ConfigLeaf value={value} />
        </span>
      </li>
    );
  }
  const children = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  return (
    <li role="treeitem" aria-expanded={open} aria-selected={false}>
      <button
        type="button"
        onClick={() => setOpen((o) => !o)}
        className="flex w-full items-center gap-2 rounded text-left hover:bg-slate-50"
        style={indent}
      >
        <span className={`w-4 shrink-0 text-center text-[10px] text-slate-400 transition-transform ${open ? "rotate-90" : ""}`}>▶</span>
        <span className="font-medium text-slate-800">{name}</span>
        <span className="text-slate-400">
          {Array.isArray(value) ? `[${value.length}]` : `{${children.length}}`}
        </span>
      </button>
      {open && (
        <ul role="group">
          {children.map(([k, v]) => (
            <ConfigNode key={k} name={k} value={v} depth={depth + 1} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** Short arrays of scalars read better on one line: `[1, 2, 3]`. */
function isInlineArray(v: unknown): boolean {
  return Array.isArray(v) && v.length <= 8 && v.every((x) => !isBranch(x)) && JSON.stringify(v).length <= 80;
}

function ConfigLeaf({ value }: { value: unknown }) {
  if (Array.isArray(value)) {
    return (
      <span className="text-slate-500">
        [
        {value.map((v, i) => (
          <span key={i}>
            {i > 0 && ", "}
            <ConfigLeaf value={v} />
          </span>
        ))}
        ]
      </span>
    );
  }
  const v = value as Json;
  if (v === null) return <span className="text-slate-400">null</span>;
  if (typeof v === "string") return <span className="text-emerald-700">&quot;{v}&quot;</span>;
  if (typeof v === "number") return <span className="text-blue-700">{String(v)}</span>;
  if (typeof v === "boolean") return <span className="text-violet-700">{String(v)}</span>;
  return <span className="text-slate-500">{JSON.stringify(v)}</span>;
}
