import { z } from 'zod';
import { runBareCase } from './case';
import type { BareCaseInput } from './contract';

const inputSchema = z.object({ caseId: z.string().min(1), disclosure: z.record(z.string(), z.unknown()) });

/** The bare baseline with zod in its bundle and one parse of its input: what the library alone costs per case. */
export async function bareZodCaseWorkflow(input: BareCaseInput): Promise<void> {
  await runBareCase(inputSchema.parse(input));
}
