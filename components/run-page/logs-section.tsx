import { LogViewer } from "@/components/logs/log-viewer";
import { Section } from "./section";

/** The process's stdout and stderr, as the worker shipped them. */
export function LogsSection({ runId, live }: { runId: string; live: boolean }) {
  return (
    <Section id="logs" title="Logs" description="stdout and stderr of the run's process; stderr lines are tinted red. Keys: / search, n / N next / previous hit, End jump to the end.">
      <LogViewer runId={runId} live={live} />
    </Section>
  );
}
