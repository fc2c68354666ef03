"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";

/** A warning across the top of every page while the server binds beyond loopback with reads open (no --require-sign-in). */
export function OpenReadsBanner() {
  const trpc = useTRPC();
  const { data } = useQuery(trpc.deployment.exposure.queryOptions(undefined, { staleTime: Infinity }));
  if (!data?.openReadsWarning) return null;
  return (
    <div className="border-b border-amber-300 bg-amber-50" role="alert" data-testid="open-reads-banner">
      <p className="mx-auto max-w-[1600px] px-6 py-2 text-sm text-amber-900">
        <span className="font-medium">Open to the network.</span> {data.openReadsWarning}
      </p>
    </div>
  );
}
