/** Sizes of the bench, from the environment (see README, Benchmarks); the defaults finish in minutes on 2 cores. */
export interface BenchOptions {
  /** rounds of each figure, product and bare alternating (who goes first alternates too) */
  rounds: number;
  /** sequential POST /cases (and bare starts) per side per round */
  openSamples: number;
  /** concurrent clients for the throughput figure */
  concurrency: number[];
  /** cases opened per side per round per concurrency level */
  throughputOps: number;
  /** sequential staff actions per side per round */
  actionSamples: number;
  /** cases per side whose history is measured */
  historyCases: number;
  /** staff actions in the scripted history */
  scriptActions: number;
  /** cases held in the memory figure's worker cache */
  memoryCases: number;
  memoryRounds: number;
  replayRounds: number;
  /** which parts to run */
  sections: Set<Section>;
}

export const SECTIONS = ['open', 'throughput', 'action', 'history', 'memory', 'replay', 'audit'] as const;
export type Section = (typeof SECTIONS)[number];

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, not "${raw}"`);
  return value;
}

export function readOptions(): BenchOptions {
  const concurrency = (process.env.BENCH_CONCURRENCY ?? '1,16').split(',').map((part) => {
    const value = Number(part.trim());
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`BENCH_CONCURRENCY: "${part}" is not a positive integer`);
    return value;
  });
  const sections = (process.env.BENCH_SECTIONS ?? SECTIONS.join(',')).split(',').map((part) => part.trim());
  for (const section of sections)
    if (!(SECTIONS as readonly string[]).includes(section))
      throw new Error(`BENCH_SECTIONS: "${section}" is not one of ${SECTIONS.join(', ')}`);
  return {
    rounds: positive('BENCH_ROUNDS', 3),
    openSamples: positive('BENCH_OPEN_SAMPLES', 20),
    concurrency,
    throughputOps: positive('BENCH_THROUGHPUT_OPS', 16),
    actionSamples: positive('BENCH_ACTION_SAMPLES', 20),
    historyCases: positive('BENCH_HISTORY_CASES', 3),
    scriptActions: positive('BENCH_SCRIPT_ACTIONS', 10),
    memoryCases: positive('BENCH_MEMORY_CASES', 200),
    memoryRounds: positive('BENCH_MEMORY_ROUNDS', 1),
    replayRounds: positive('BENCH_REPLAY_ROUNDS', 3),
    sections: new Set(sections as Section[]),
  };
}

export function describeOptions(options: BenchOptions): string {
  return [
    `rounds=${options.rounds}`,
    `open=${options.openSamples}`,
    `concurrency=${options.concurrency.join(',')}`,
    `throughputOps=${options.throughputOps}`,
    `actions=${options.actionSamples}`,
    `historyCases=${options.historyCases}`,
    `scriptActions=${options.scriptActions}`,
    `memoryCases=${options.memoryCases}`,
    `memoryRounds=${options.memoryRounds}`,
    `replayRounds=${options.replayRounds}`,
    `sections=${[...options.sections].join(',')}`,
  ].join(' ');
}
