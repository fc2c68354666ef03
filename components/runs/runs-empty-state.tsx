"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { CodeSnippet } from "@/components/common/code-snippet";

/** First-run help: no runs logged yet (in this project), so show how to log one. */
export function RunsEmptyState({ project }: { project: string }) {
  const [origin, setOrigin] = useState("http://localhost:3000");
  useEffect(() => setOrigin(window.location.origin), []);
  const projectArg = (q: string) => (project ? `project=${q}${project}${q}, ` : "");
  const python = [
    "import skillboard",
    `skillboard.init(${projectArg('"')}name="my-run")`,
    `skillboard.log({"skill/editing/pass@1": 0.42}, step=1)`,
  ].join("\n");
  const typescript = [
    `import { init } from "./sdk/ts/src";`,
    `const run = init({ ${project ? `project: "${project}", ` : ""}name: "my-run" });`,
    `run.log({ "skill/editing/pass@1": 0.42 }, 1);`,
  ].join("\n");
  const env = [`export SKILLBOARD_URL=${origin}`, "export SKILLBOARD_API_KEY=<your API key>"].join("\n");

  return (
    <section className="rounded-xl border border-dashed border-slate-300 bg-white px-8 py-10" data-testid="runs-empty-state">
      <div className="mx-auto max-w-5xl">
        <h2 className="text-lg font-semibold text-slate-900">{project ? `No runs in project “${project}” yet` : "No runs yet"}</h2>
        {project && (
          <Link href="/" className="text-sm text-indigo-700 hover:underline">
            Show runs of all projects
          </Link>
        )}
        <p className="mt-1 text-sm text-slate-600">
          A run appears here as soon as a trainer logs to it. Log per-skill Pass@1 and average steps as{" "}
          <code className="rounded bg-slate-100 px-1 font-mono text-[12px]">skill/&lt;skill&gt;/pass@1</code> and{" "}
          <code className="rounded bg-slate-100 px-1 font-mono text-[12px]">skill/&lt;skill&gt;/avg_steps</code>; anything else is
          plotted as it comes.
        </p>
        <div className="mt-6 grid gap-4 lg:grid-cols-2">
          <CodeSnippet title="Python" code={python} testId="snippet-python" />
          <CodeSnippet title="TypeScript" code={typescript} testId="snippet-typescript" />
        </div>
        <p className="mt-6 text-sm text-slate-600">Point the SDK at this server before starting the trainer:</p>
        <div className="mt-2">
          <CodeSnippet title="Shell" code={env} testId="snippet-env" />
        </div>
      </div>
    </section>
  );
}
