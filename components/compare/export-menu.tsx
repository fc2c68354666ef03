"use client";

import { CopyButton } from "@/components/common/copy-button";
import { toCsv, toLatex, toMarkdown, type ExportTable } from "@/server/compare/export";
import { downloadBlob, fileSlug } from "./chart-export";

const FORMATS = [
  { id: "csv", label: "CSV", ext: "csv", type: "text/csv", write: toCsv },
  { id: "markdown", label: "Markdown", ext: "md", type: "text/markdown", write: toMarkdown },
  { id: "latex", label: "LaTeX", ext: "tex", type: "application/x-tex", write: toLatex },
] as const;

/** Downloads the table as shown (rows, value mode, baseline) as CSV, Markdown or LaTeX; the last two can be copied too. */
export function ExportMenu({ table, name }: { table: ExportTable; name: string }) {
  return (
    <div className="flex flex-wrap items-center gap-1.5 text-sm" data-testid="export-menu">
      <span className="text-slate-600">Export</span>
      {FORMATS.map((f) => (
        <span key={f.id} className="inline-flex items-center">
          <button
            type="button"
            data-testid={`export-${f.id}`}
            onClick={() => downloadBlob(new Blob([f.write(table)], { type: `${f.type};charset=utf-8` }), `${fileSlug(name)}.${f.ext}`)}
            className="rounded-md border border-slate-300 bg-white px-2 py-0.5 text-xs font-medium text-slate-700 shadow-sm hover:bg-slate-50"
            title={`Download the table as ${f.label}`}
          >
            {f.label}
          </button>
          {f.id !== "csv" && <CopyButton text={f.write(table)} label={`Copy the table as ${f.label}`} />}
        </span>
      ))}
    </div>
  );
}
