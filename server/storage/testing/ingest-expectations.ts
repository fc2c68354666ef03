/** What the SIGKILL ingest writers log, so the checker can tell every stored item is the one logged. */

export const STEPS_PER_FLUSH = 50;
/** A trainer's pace: it keeps logging at this rate whether or not the server answers (it spools meanwhile). */
export const WRITER_STEPS_PER_SECOND = 100;

export const writerRunId = (writer: number, salt: string) => `sigkill-${salt}-w${writer}`;

export function expectedValue(writer: number, key: "a" | "b", step: number): number {
  return key === "a" ? writer * 1_000_000 + step : step / 8;
}

export const expectedLogLine = (writer: number, step: number) => `w${writer} step ${step}\n`;

export function writerTrajectory(writer: number, step: number) {
  return {
    skill: "editing",
    taskId: `w${writer}-t${step}`,
    step,
    reward: step % 20 === 0 ? 1 : 0,
    passed: step % 20 === 0,
    turns: [
      { role: "user", content: `task ${step} of writer ${writer}` },
      { role: "assistant", content: `patch for ${step}`, toolCalls: [{ name: "edit", arguments: { file: `f${step}.py` } }] },
    ],
    verifier: { tests: step % 20 === 0 ? "pass" : "fail" },
    metadata: { writer },
  };
}
