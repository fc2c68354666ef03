"use client";

import { useState } from "react";
import { CopyButton } from "@/components/common/copy-button";
import { ConfigTree, countLeaves } from "./config-tree";

/** The run's config in a card that folds away; starts open when it is short. */
export function RunConfigCard({ config }: { config: Record<string, unknown> }) {
  const leaves = countLeaves(config);
  const [open, setOpen] = useState(leaves > 0 && leaves <= 40);
  return (
    <section className="rounded-xl border border-slate-200 bg-white shadow-sm" data-testid="run-config">
      <div className="flex items-center justify-between px-5 py-3">
        <button type="button" onClick={() => setOpen((o) => !o)} aria-expanded={open} className="flex items-center gap-2 text-sm font-semibold text-slate-900">
          <span className={`text-[10px] text-slate-400 transition-transform ${open ? "rotate-90" : ""}`}>▶</span>
          Config
          <span className="font-normal text-slate-400">{leaves === 0 ? "empty" : `${leaves} value${leaves === 1 ? "" : "s"}`}</span>
        </button>
        {leaves > 0 && <CopyButton text={JSON.stringify(config, null, 2)} label="Copy config as JSON" />}
      </div>
      {open && (
        <div className="max-h-[28rem] overflow-auto border-t border-slate-100 px-5 py-3">
          <ConfigTree config={config} />
        </div>
      )}
    </section>
  );
}
