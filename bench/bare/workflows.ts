import { runBareCase } from './case';
import type { BareCaseInput } from './contract';

/** The bare baseline's workflow bundle (bench/ only; never part of the product's). */
export async function bareCaseWorkflow(input: BareCaseInput): Promise<void> {
  await runBareCase(input);
}
