import { z } from 'zod';

/**
 * How a provider states a time limit. Working days follow the provider's region and business
 * hours (see calendar); calendar hours and days ignore them (emergency repairs use hours).
 */
export const timescaleSchema = z.discriminatedUnion('unit', [
  z.object({ unit: z.literal('working_days'), amount: z.number().int().min(0).max(60) }),
  z.object({
    unit: z.literal('calendar_hours'),
    amount: z
      .number()
      .int()
      .min(0)
      .max(24 * 90),
  }),
  z.object({ unit: z.literal('calendar_days'), amount: z.number().int().min(0).max(366) }),
]);
export type Timescale = z.infer<typeof timescaleSchema>;

export const regionSchema = z.enum(['england-and-wales', 'scotland', 'northern-ireland']);
export type Region = z.infer<typeof regionSchema>;

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24-hour clock)');

export const businessHoursSchema = z
  .object({ timeZone: z.string().min(1), opens: clockTime, closes: clockTime })
  .refine((hours) => hours.opens < hours.closes, { message: 'business hours must open before they close' });
export type BusinessHours = z.infer<typeof businessHoursSchema>;

export function describeTimescale(timescale: Timescale): string {
  const unit = timescale.unit.replace('_', ' ');
  return `${timescale.amount} ${timescale.amount === 1 ? unit.replace(/s$/, '') : unit}`;
}
