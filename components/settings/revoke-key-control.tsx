"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import type { ApiKeyView } from "@/server/auth/api-keys";

const button = "inline-flex h-7 items-center rounded-md px-2.5 text-xs font-medium shadow-sm";

/**
 * Revoke, then an inline confirm (Escape or Cancel backs out). The last active
 * admin key cannot be revoked: its button is disabled and says why on hover and focus.
 */
export function RevokeKeyControl({ apiKey, isCurrent, lastAdmin, onRevoked }: { apiKey: ApiKeyView; isCurrent: boolean; lastAdmin: boolean; onRevoked: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revoke = useMutation(trpc.auth.revokeKey.mutationOptions());
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const tooltipId = useId();
  const revokeButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  // Focus follows the step: Cancel when the confirm opens, back to Revoke when it closes.
  useEffect(() => {
    if (confirming) cancelButton.current?.focus();
    else if (wasConfirming.current) revokeButton.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  if (lastAdmin) {
    return (
      <span className="group relative inline-block">
        <button type="button" aria-disabled="true" aria-describedby={tooltipId} className={`${button} cursor-not-allowed border border-slate-200 bg-white text-slate-400`} data-testid="revoke-key">
          Revoke
        </button>
        <span
          id={tooltipId}
          role="tooltip"
          className="pointer-events-none absolute right-0 top-full z-10 mt-1 hidden w-64 rounded-md bg-slate-900 px-2.5 py-1.5 text-left text-xs font-normal text-white shadow-lg group-focus-within:block group-hover:block"
        >
          The last active admin key cannot be revoked: that would lock everyone out. Create another admin key first.
        </span>
      </span>
    );
  }

  const confirm = async () => {
    setError(null);
    try {
      await revoke.mutateAsync({ id: apiKey.id });
      onRevoked();
      // Revoking this browser's own key signs it out: every query may answer differently now.
      await (isCurrent ? queryClient.invalidateQueries() : queryClient.invalidateQueries({ queryKey: trpc.auth.keys.queryKey() }));
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <div className="inline-flex flex-col items-end gap-1">
      {confirming ? (
        <div
          className="flex flex-col items-end gap-1.5"
          role="group"
          aria-label={`Confirm revoking ${apiKey.name}`}
          onKeyDown={(e) => {
            if (e.key === "Escape") setConfirming(false);
          }}
          data-testid="revoke-confirm"
        >
          <span className="max-w-xs text-right text-xs text-slate-700">
            Revoke “{apiKey.name}”? Requests with it fail at once{isCurrent ? "; this browser is signed in with it and will be signed out" : ""}.
          </span>
          <span className="flex gap-2">
            <button
              type="button"
              onClick={confirm}
              disabled={revoke.isPending}
              className={`${button} bg-red-600 text-white hover:bg-red-500 disabled:opacity-60`}
              data-testid="revoke-key-confirm"
            >
              {revoke.isPending ? "Revoking…" : "Revoke key"}
            </button>
            <button
              type="button"
              ref={cancelButton}
              onClick={() => setConfirming(false)}
              disabled={revoke.isPending}
              className={`${button} border border-slate-300 bg-white text-slate-700 hover:bg-slate-50`}
              data-testid="revoke-key-cancel"
            >
              Cancel
            </button>
          </span>
        </div>
      ) : (
        <button
          type="button"
          ref={revokeButton}
          onClick={() => {
            setError(null);
            setConfirming(true);
          }}
          className={`${button} border border-red-200 bg-white text-red-700 hover:bg-red-50`}
          aria-label={`Revoke ${apiKey.name}`}
          data-testid="revoke-key"
        >
          Revoke
        </button>
      )}
      {error && (
        <p className="max-w-xs text-right text-xs text-red-700" role="alert" data-testid="revoke-error">
          {error}
        </p>
      )}
    </div>
  );
}
