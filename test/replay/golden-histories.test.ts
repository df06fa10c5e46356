import fs from 'node:fs';
import path from 'node:path';
import { replayHistories } from '../../src/audit/replay';
import { workflowBundleFile } from '../support/test-env';
import { testDataConverter } from '../support/test-keys';

const directory = path.resolve(__dirname, '../golden/histories');
const files = fs.readdirSync(directory).filter((file) => file.endsWith('.json'));
/** Replay needs each history's real workflow id: child workflow ids are derived from it. */
const workflowIds: Record<string, string> = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../golden/workflow-ids.json'), 'utf8'),
);

describe('golden histories of representative cases', () => {
  it('are all present, each with its workflow id', () => {
    expect(files.length).toBeGreaterThanOrEqual(18);
    expect(Object.keys(workflowIds).sort()).toEqual([...files].sort());
  });

  it('replay deterministically against the current workflow code', async () => {
    const outcomes = await replayHistories(
      files.map((file) => ({
        workflowId: workflowIds[file]!,
        history: JSON.parse(fs.readFileSync(path.join(directory, file), 'utf8')),
      })),
      { dataConverter: testDataConverter, workflowBundle: { codePath: workflowBundleFile } },
    );
    expect(outcomes.filter((outcome) => !outcome.deterministic)).toEqual([]);
    expect(outcomes).toHaveLength(files.length);
  });

  it('report the first divergence when the code no longer matches a history', async () => {
    const history = JSON.parse(fs.readFileSync(path.join(directory, 'case-every-rung-ssj.json'), 'utf8'));
    // Tamper with the recorded past: the first timer fires as if started for a different timer id.
    const timerFired = history.events.find(
      (event: { eventType: string }) => event.eventType === 'EVENT_TYPE_TIMER_FIRED',
    );
    timerFired.timerFiredEventAttributes.timerId = '9999';
    const [outcome] = await replayHistories([{ workflowId: workflowIds['case-every-rung-ssj.json']!, history }], {
      dataConverter: testDataConverter,
      workflowBundle: { codePath: workflowBundleFile },
    });
    expect(outcome).toMatchObject({ deterministic: false, firstDivergence: expect.stringMatching(/\S/) });
  });
});
