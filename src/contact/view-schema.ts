import { z } from 'zod';
import { byWhomAndWhen } from '../platform/http/documented';

/** How an outbound step reached the survivor (OutboundContactRecord), as the API documents it. */
export const outboundContactRecordSchema = z.object({
  ...byWhomAndWhen,
  channel: z.string(),
  leftVoicemail: z.boolean().optional(),
  override: z
    .object({ by: z.string(), justification: z.string() })
    .optional()
    .describe('a manager went outside the survivor’s safe-contact profile, and why'),
});
