/**
 * Tasks compared in interleaved tinybench rounds: each round runs every task briefly, one after another, so they
 * share the machine's state; the report is the median of the rounds, with the spread. One long run per task drifted
 * with the machine (1.37× to 1.86× for the same code on this VM).
 */
import { Bench } from 'tinybench';

export interface Interleaved {
  /** Mean µs per call of each task, median of the rounds. */
  meanUs: Record<string, number>;
  /** `ratioOf` / `baseline` per round: its median and range. */
  ratio: { median: number; min: number; max: number };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function interleaved(
  tasks: Record<string, () => unknown>,
  baseline: string,
  measured: string,
  options: { rounds: number; timeMs: number },
): Promise<Interleaved> {
  const means: Record<string, number[]> = {};
  const ratios: number[] = [];
  for (let round = 0; round < options.rounds; round += 1) {
    const bench = new Bench({ time: options.timeMs, warmupTime: Math.max(10, options.timeMs / 3) });
    for (const [name, task] of Object.entries(tasks)) bench.add(name, async () => void (await task()));
    await bench.run();
    const roundMeans: Record<string, number> = {};
    for (const task of bench.tasks) {
      roundMeans[task.name] = (task.result as { latency?: { mean: number } }).latency!.mean * 1000;
      (means[task.name] ??= []).push(roundMeans[task.name]!);
    }
    ratios.push(roundMeans[measured]! / roundMeans[baseline]!);
  }
  return {
    meanUs: Object.fromEntries(Object.entries(means).map(([name, values]) => [name, median(values)])),
    ratio: { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) },
  };
}
