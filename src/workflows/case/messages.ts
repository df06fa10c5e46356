import { defineQuery } from '@temporalio/workflow';
import type { CaseView } from './state';

/** Shared by the workflow and its clients (API, CLI, tests). */
export const getCaseQuery = defineQuery<CaseView>('getCase');
