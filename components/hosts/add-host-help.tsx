"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { CodeSnippet } from "@/components/common/code-snippet";

/** How to add a GPU host: create a worker key with the admin key, then start the agent on the host. */
export function AddHostHelp() {
  const [origin, setOrigin] = useState("http://localhost:3000");
  useEffect(() => setOrigin(window.location.origin), []);
  const createKey = [
    `curl -X POST ${origin}/api/v1/api-keys \\`,
    `  -H "Authorization: Bearer $SKILLBOARD_ADMIN_KEY" -H "Content-Type: application/json" \\`,
    `  -d '{"name": "gpu-box-1", "role": "worker"}'`,
    `# → {"key": "…"}: shown once; it can lease jobs, heartbeat and report, nothing else`,
  ].join("\n");
  const startWorker = [
    `# on the GPU host, in a checkout of this repository`,
    `bin/skillboard worker --url ${origin} --api-key <worker key> \\`,
    `  --pool local --gpus auto --max-jobs 1`,
  ].join("\n");
  return (
    <div className="space-y-3 text-sm text-slate-600">
      <p>
        A host runs jobs with the worker agent. It detects its GPUs with <code className="rounded bg-slate-100 px-1 font-mono text-[12px]">nvidia-smi</code>,
        leases queued runs that fit its free GPUs (pinned with <code className="rounded bg-slate-100 px-1 font-mono text-[12px]">CUDA_VISIBLE_DEVICES</code>),
        streams their output here and heartbeats every few seconds. The admin key is the one the server printed at its first start (also in{" "}
        <code className="rounded bg-slate-100 px-1 font-mono text-[12px]">&lt;data dir&gt;/api-key</code>). Signed-in admins can also create
        the worker key on the{" "}
        <Link href="/settings/keys" className="font-medium text-indigo-600 hover:underline">
          Keys
        </Link>{" "}
        page, and revoke it there.
      </p>
      <div className="grid gap-4 lg:grid-cols-2">
        <CodeSnippet title="1 · Create a worker key (with the admin key)" code={createKey} testId="snippet-worker-key" />
        <CodeSnippet title="2 · Start the agent on the GPU host" code={startWorker} testId="snippet-worker-start" />
      </div>
    </div>
  );
}
