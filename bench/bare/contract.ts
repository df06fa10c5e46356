import { defineUpdate } from '@temporalio/workflow';

/** What a bare case workflow is started with: the same fictional disclosure the product is given, unencrypted. */
export interface BareCaseInput {
  caseId: string;
  disclosure: Record<string, unknown>;
}

/** A staff action on a bare case: one INSERT activity, answered with how many actions the case has had. */
export const bareActionUpdate = defineUpdate<number, [{ kind: string }]>('bareAction');
