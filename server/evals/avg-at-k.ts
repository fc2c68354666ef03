/** Avg@k of one benchmark at one step: the mean of its k attempts, with their spread. */
export interface AvgAtK {
  step: number;
  avg: number;
  min: number;
  max: number;
  /** Population standard deviation of the attempts' scores. */
  std: number;
  attempts: number;
}

export function summariseAttempts(step: number, scores: number[]): AvgAtK {
  const n = scores.length;
  const avg = scores.reduce((a, b) => a + b, 0) / n;
  const variance = scores.reduce((a, s) => a + (s - avg) ** 2, 0) / n;
  return { step, avg, min: Math.min(...scores), max: Math.max(...scores), std: Math.sqrt(variance), attempts: n };
}
