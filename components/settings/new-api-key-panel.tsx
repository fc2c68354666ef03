"use client";

import { useEffect, useRef, useState } from "react";
import { CodeSnippet } from "@/components/common/code-snippet";
import { CopyButton } from "@/components/common/copy-button";
import type { ApiKeyView } from "@/server/auth/api-keys";
import { API_KEY_ROLE_INFO } from "./api-key-roles";

/** How a key of each role is used, after the export line. */
function usage(role: ApiKeyView["role"], origin: string): string[] {
  if (role === "worker") return [`bin/skillboard worker --url ${origin} --api-key "$SKILLBOARD_API_KEY" --pool local --gpus auto`];
  if (role === "admin") return [`curl -H "Authorization: Bearer $SKILLBOARD_API_KEY" ${origin}/api/v1/api-keys`];
  return ["# the Python and TypeScript SDKs read both variables in init()"];
}

/** The key just created, shown this once: a copyable box, the warning, and how to use it. */
export function NewApiKeyPanel({ created, onDone }: { created: ApiKeyView & { key: string }; onDone: () => void }) {
  const keyBox = useRef<HTMLInputElement>(null);
  const [origin, setOrigin] = useState("http://localhost:3000");
  useEffect(() => setOrigin(window.location.origin), []);
  // Focused and selected on arrival: Ctrl+C copies it, and a screen reader reads where the key is.
  useEffect(() => keyBox.current?.select(), [created.id]);
  const snippet = [`export SKILLBOARD_URL=${origin}`, `export SKILLBOARD_API_KEY=${created.key}`, ...usage(created.role, origin)].join("\n");

  return (
    <div className="space-y-3 rounded-lg border border-emerald-200 bg-emerald-50/60 p-4" role="region" aria-labelledby="new-key-title" data-testid="new-key">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 id="new-key-title" className="text-sm font-semibold text-slate-900">
          Created “{created.name}” ({API_KEY_ROLE_INFO[created.role].label} key{created.project != null ? `, project ${created.project} only` : ""})
        </h3>
        <p className="text-sm font-medium text-amber-800" data-testid="new-key-warning">
          Shown once: copy it now. Only its hash is stored; if it is lost, revoke it and create another.
        </p>
      </div>
      <div className="flex items-center gap-2">
        <label htmlFor="new-key-value" className="sr-only">
          The new API key
        </label>
        <input
          id="new-key-value"
          ref={keyBox}
          readOnly
          value={created.key}
          onFocus={(e) => e.currentTarget.select()}
          spellCheck={false}
          className="h-9 min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-2.5 font-mono text-sm text-slate-900 shadow-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20"
          data-testid="new-key-value"
        />
        <CopyButton text={created.key} label="Copy the API key" />
      </div>
      <CodeSnippet title="Use it" code={snippet} testId="new-key-snippet" />
      <button type="button" onClick={onDone} className="text-sm font-medium text-slate-600 hover:text-slate-900" data-testid="new-key-done">
        I saved it — hide the key
      </button>
    </div>
  );
}
