"use client";

import { useRef, useState } from "react";
import { TagList } from "@/components/common/tag-list";
import { checkRunField, RUN_EDIT_LIMITS, runTagInput } from "@/server/runs/edit-input";
import type { RunView } from "@/server/runs/service";
import { useUpdateRun } from "./use-update-run";

const chip = "inline-flex items-center rounded-md bg-slate-100 py-0.5 pl-1.5 text-[11px] font-medium text-slate-600 ring-1 ring-inset ring-slate-200";

/** The run's tags: read-only chips, or, for a signed-in admin, chips with × to remove and a field where Enter adds one. */
export function RunTagsEditor({ run, editable }: { run: RunView; editable: boolean }) {
  const [draft, setDraft] = useState("");
  const input = useRef<HTMLInputElement>(null);
  const update = useUpdateRun();
  const { error, setError } = update;

  if (!editable) {
    if (!run.tags.length) return null;
    return (
      <span className="flex items-center gap-1.5" data-testid="run-tags">
        <span className="text-slate-400">Tags</span>
        <TagList tags={run.tags} />
      </span>
    );
  }

  const save = (tags: string[]) => update.save({ id: run.id, tags });
  const add = () => {
    if (update.pending) return;
    const checked = checkRunField(runTagInput, draft);
    if (!checked.ok) return setError(`Tag: ${checked.error}`);
    if (run.tags.includes(checked.value)) return setError(`Already tagged “${checked.value}”.`);
    if (run.tags.length >= RUN_EDIT_LIMITS.tags) return setError(`A run has at most ${RUN_EDIT_LIMITS.tags} tags.`);
    setDraft("");
    save([...run.tags, checked.value]);
  };

  return (
    <span className="flex flex-wrap items-center gap-1.5" data-testid="run-tags">
      <span className="text-slate-400">Tags</span>
      <ul className="contents" aria-label="Tags">
        {run.tags.map((t) => (
          <li key={t} className={chip} data-testid="run-tag" data-tag={t}>
            {t}
            <button
              type="button"
              onClick={() => {
                save(run.tags.filter((x) => x !== t));
                // The chip goes away with its button: keep the keyboard in the tags.
                input.current?.focus();
              }}
              disabled={update.pending}
              aria-label={`Remove tag ${t}`}
              title={`Remove tag ${t}`}
              className="ml-0.5 rounded px-1 text-slate-400 hover:bg-slate-200 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-indigo-500"
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <input
        ref={input}
        value={draft}
        onChange={(e) => {
          setDraft(e.target.value);
          setError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            if (draft.trim()) add();
          } else if (e.key === "Escape") {
            setDraft("");
            setError(null);
          }
        }}
        placeholder="add tag"
        aria-label="Add a tag (Enter adds it)"
        aria-invalid={error ? true : undefined}
        maxLength={RUN_EDIT_LIMITS.tag + 20}
        className="h-6 w-28 rounded-md border border-dashed border-slate-300 bg-white px-1.5 text-xs text-slate-700 outline-none placeholder:text-slate-400 focus:border-solid focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20"
        data-testid="add-tag-input"
      />
      {update.pending && <span className="text-xs text-slate-400">Saving…</span>}
      {error && (
        <span className="text-xs text-red-700" role="alert" data-testid="run-tags-error">
          {error}
        </span>
      )}
    </span>
  );
}
