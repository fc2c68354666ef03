import type { Metadata } from "next";
import { HostsView } from "@/components/hosts/hosts-view";
import { serverCaller } from "@/server/caller";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Hosts · Skillboard" };

/** `/hosts`: the worker agents, their GPUs and runs; rendered on the server, then polled. */
export default async function HostsPage() {
  const workers = await serverCaller().jobs.workers();
  return <HostsView initial={workers} />;
}
