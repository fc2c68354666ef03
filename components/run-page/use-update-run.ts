"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { useRunChanged } from "@/components/runs/use-run-changed";

/**
 * `runs.update` for one of the run page's inline editors: on success the page
 * shows the stored run and `onSaved` closes the editor; a refusal becomes the
 * editor's inline `error` (which it may also set from its own checks).
 */
export function useUpdateRun(onSaved?: () => void) {
  const trpc = useTRPC();
  const runChanged = useRunChanged();
  const [error, setError] = useState<string | null>(null);
  const update = useMutation(
    trpc.runs.update.mutationOptions({
      onSuccess: (saved) => {
        runChanged(saved);
        setError(null);
        onSaved?.();
      },
      onError: (e) => setError(e.message),
    }),
  );
  return { save: update.mutate, pending: update.isPending, error, setError };
}
