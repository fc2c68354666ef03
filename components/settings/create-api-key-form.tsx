"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Field, inputClass } from "@/components/launch/field";
import { useTRPC } from "@/components/providers/trpc";
import type { ApiKeyRole } from "@/db/schema";
import type { ApiKeyView } from "@/server/auth/api-keys";
import { API_KEY_ROLE_CHOICES, API_KEY_ROLE_INFO } from "./api-key-roles";
import { NewApiKeyPanel } from "./new-api-key-panel";

const MAX_NAME = 200;

/** Name, role and (for an SDK key) project of a new key; the key itself is shown once, below, after it is created. */
export function CreateApiKeyForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.auth.createKey.mutationOptions());
  const [name, setName] = useState("");
  const [role, setRole] = useState<ApiKeyRole>("sdk");
  const [project, setProject] = useState("");
  const projects = useQuery(trpc.projects.list.queryOptions());
  const [error, setError] = useState<string | null>(null);
  const [projectError, setProjectError] = useState<string | null>(null);
  const [created, setCreated] = useState<(ApiKeyView & { key: string }) | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return setError("Give the key a name that says who uses it, e.g. the host or the trainer.");
    if (trimmed.length > MAX_NAME) return setError(`At most ${MAX_NAME} characters.`);
    const scoped = role === "sdk" ? project.trim() : "";
    if (scoped.length > MAX_NAME) return setProjectError(`At most ${MAX_NAME} characters.`);
    try {
      const result = await create.mutateAsync({ name: trimmed, role, project: scoped || null });
      setCreated(result);
      setName("");
      setProject("");
      setError(null);
      setProjectError(null);
      await queryClient.invalidateQueries({ queryKey: trpc.auth.keys.queryKey() });
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <section className="space-y-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm" aria-labelledby="create-key-title">
      <h2 id="create-key-title" className="text-base font-semibold text-slate-900">
        Create a key
      </h2>
      <form onSubmit={submit} className="grid items-start gap-x-5 gap-y-4 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_minmax(0,1fr)_auto]" noValidate data-testid="create-key-form">
        <Field id="key-name" label="Name" error={error ?? undefined} hint="Who uses it: a host, a trainer, a person. Shown in the list below.">
          <input
            id="key-name"
            value={name}
            maxLength={MAX_NAME}
            onChange={(e) => {
              setName(e.target.value);
              setError(null);
            }}
            placeholder="gpu-box-1"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "key-name-error" : undefined}
            className={inputClass(Boolean(error))}
            data-testid="key-name"
          />
        </Field>
        <Field id="key-role" label="Role" hint={API_KEY_ROLE_INFO[role].detail}>
          <select id="key-role" value={role} onChange={(e) => setRole(e.target.value as ApiKeyRole)} className={inputClass(false)} data-testid="key-role">
            {API_KEY_ROLE_CHOICES.map((r) => (
              <option key={r} value={r}>
                {API_KEY_ROLE_INFO[r].label} — {API_KEY_ROLE_INFO[r].short}
              </option>
            ))}
          </select>
        </Field>
        <Field
          id="key-project"
          label="Project"
          error={projectError ?? undefined}
          hint={role === "sdk" ? "Empty: any project. A project limits the key to creating and writing that project's runs (a new name creates it)." : "Only SDK keys are limited to a project."}
        >
          <input
            id="key-project"
            value={role === "sdk" ? project : ""}
            disabled={role !== "sdk"}
            maxLength={MAX_NAME}
            list="key-project-choices"
            onChange={(e) => {
              setProject(e.target.value);
              setProjectError(null);
            }}
            placeholder="any project"
            aria-invalid={projectError ? true : undefined}
            aria-describedby={projectError ? "key-project-error" : undefined}
            className={inputClass(Boolean(projectError))}
            data-testid="key-project"
          />
          <datalist id="key-project-choices">
            {projects.data?.map((p) => <option key={p.name} value={p.name} />)}
          </datalist>
        </Field>
        <button
          type="submit"
          disabled={create.isPending}
          className="inline-flex h-9 items-center justify-center rounded-md bg-indigo-600 px-4 text-sm font-medium text-white shadow-sm hover:bg-indigo-500 disabled:cursor-not-allowed disabled:opacity-50 sm:mt-6"
          data-testid="create-key"
        >
          {create.isPending ? "Creating…" : "Create key"}
        </button>
      </form>
      {created && <NewApiKeyPanel created={created} onDone={() => setCreated(null)} />}
    </section>
  );
}
