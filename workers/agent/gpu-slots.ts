/** Which of the worker's GPUs are free; a job takes the lowest free indices. */
export class GpuSlots {
  private readonly free: Set<number>;

  constructor(readonly indices: readonly number[]) {
    this.free = new Set(indices);
  }

  get freeCount(): number {
    return this.free.size;
  }

  /** Takes `n` free GPUs, or returns null when fewer are free. */
  take(n: number): number[] | null {
    if (n > this.free.size) return null;
    const taken = [...this.free].sort((a, b) => a - b).slice(0, n);
    for (const i of taken) this.free.delete(i);
    return taken;
  }

  give(indices: readonly number[]): void {
    for (const i of indices) if (this.indices.includes(i)) this.free.add(i);
  }
}
