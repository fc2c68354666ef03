"use client";

import { useRef, useState } from "react";
import { useFocusSwap } from "@/components/common/use-focus-swap";
import { checkRunField, RUN_EDIT_LIMITS, runNameInput } from "@/server/runs/edit-input";
import type { RunView } from "@/server/runs/service";
import { useUpdateRun } from "./use-update-run";

const title = "truncate text-2xl font-semibold tracking-tight text-slate-900";

/**
 * The run's name. For a signed-in admin it is a button: click (or Enter) to
 * edit in place; Enter or leaving the field saves, Escape cancels.
 */
export function RunNameEditor({ run, editable }: { run: RunView; editable: boolean }) {
  const [draft, setDraft] = useState<string | null>(null);
  const skipBlur = useRef(false);
  const { trigger, target, returnOnClose } = useFocusSwap<HTMLButtonElement, HTMLInputElement>(draft !== null);
  const update = useUpdateRun(() => setDraft(null));
  const { error, setError } = update;

  if (!editable) {
    return (
      <h1 className={title} data-testid="run-name">
        {run.name}
      </h1>
    );
  }

  const close = () => {
    skipBlur.current = true;
    setDraft(null);
    setError(null);
  };
  const save = () => {
    if (draft === null || update.pending) return;
    const checked = checkRunField(runNameInput, draft);
    if (!checked.ok) return setError(`Name ${checked.error}`);
    if (checked.value === run.name) return close();
    setError(null);
    update.save({ id: run.id, name: checked.value });
  };

  if (draft === null) {
    return (
      <h1 className={title} data-testid="run-name">
        <button
          type="button"
          ref={trigger}
          onClick={() => {
            skipBlur.current = false;
            setDraft(run.name);
          }}
          title="Rename this run"
          className="group inline-flex max-w-full items-center gap-2 rounded-md text-left outline-none hover:text-indigo-800 focus-visible:ring-2 focus-visible:ring-indigo-500"
          data-testid="rename-run"
        >
          <span className="truncate">{run.name}</span>
          <PencilIcon />
        </button>
      </h1>
    );
  }

  return (
    <div className="relative min-w-0">
      <input
        ref={target}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onFocus={(e) => e.currentTarget.select()}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            returnOnClose.current = true;
            save();
          } else if (e.key === "Escape") {
            e.preventDefault();
            returnOnClose.current = true;
            close();
          }
        }}
        onBlur={() => {
          if (skipBlur.current) return;
          // Focus went elsewhere (a click, Tab): save, and leave focus where the user put it.
          returnOnClose.current = false;
          save();
        }}
        maxLength={RUN_EDIT_LIMITS.name + 50}
        disabled={update.pending}
        aria-label="Run name"
        aria-invalid={error ? true : undefined}
        aria-describedby="run-name-help"
        className="w-[min(36rem,80vw)] rounded-md border border-indigo-300 bg-white px-2 py-0.5 text-2xl font-semibold tracking-tight text-slate-900 shadow-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20"
        data-testid="run-name-input"
      />
      {/* Below the field without taking room: the header does not jump when editing starts or ends. */}
      <p id="run-name-help" className="absolute left-0 top-full z-10 mt-0.5 whitespace-nowrap bg-white pr-2 text-xs">
        {error ? (
          <span className="text-red-700" role="alert" data-testid="run-name-error">
            {error}
          </span>
        ) : (
          <span className="text-slate-500">{update.pending ? "Saving…" : "Enter saves · Escape cancels"}</span>
        )}
      </p>
    </div>
  );
}

function PencilIcon() {
  return (
    <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden className="h-4 w-4 shrink-0 text-slate-300 group-hover:text-indigo-600 group-focus-visible:text-indigo-600">
      <path d="M13.586 3.586a2 2 0 1 1 2.828 2.828l-.793.793-2.828-2.828.793-.793ZM11.379 5.793 3 14.172V17h2.828l8.38-8.379-2.83-2.828Z" />
    </svg>
  );
}
