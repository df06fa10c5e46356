import type { z } from 'zod';
import { parseCommand } from './validation';

/**
 * The steps an Update handler takes in every workflow: parse the recorded command, change the
 * state, publish the change, answer. The change runs and publishes in the same turn, so no other
 * handler's change can come in between (an await there would reorder the workflow's commands).
 * Handlers whose change waits on an activity or a signal spell their steps out instead.
 */
export function createUpdateHandlers<View>(publish: () => Promise<void>, view: () => View) {
  return {
    /** Answers with the view taken after the change is published. */
    answeringView<Schema extends z.ZodType>(schema: Schema, change: (command: z.infer<Schema>) => void) {
      return async (raw: unknown): Promise<View> => {
        change(parseCommand(schema, raw));
        await publish();
        return view();
      };
    },
    /** Answers with what the change returns: the record it added or changed. */
    answeringWith<Schema extends z.ZodType, Answer>(schema: Schema, change: (command: z.infer<Schema>) => Answer) {
      return async (raw: unknown): Promise<Answer> => {
        const answer = change(parseCommand(schema, raw));
        await publish();
        return answer;
      };
    },
  };
}
