import { DateTime } from 'luxon';

/** MARAC dates are calendar dates in the UK; judging by London date avoids BST/GMT off-by-one-day errors. */
const MARAC_TIME_ZONE = 'Europe/London';

/**
 * SafeLives: a repeat MARAC case is a further incident within 12 months of the last referral.
 * The window runs from the referral itself to the end of the same calendar date `windowMonths`
 * later (London time), anniversary day included; a shorter month clamps (29 Feb → 28 Feb).
 * An incident at or before the referral is the one that was referred, not a new one.
 */
export function isRepeatMaracReferral(
  previousReferralAt: Date | null,
  newIncidentAt: Date,
  windowMonths = 12,
): boolean {
  if (previousReferralAt === null || newIncidentAt.getTime() <= previousReferralAt.getTime()) {
    return false;
  }
  const windowEnd = DateTime.fromJSDate(previousReferralAt, { zone: MARAC_TIME_ZONE })
    .plus({ months: windowMonths })
    .endOf('day');
  return newIncidentAt.getTime() <= windowEnd.toMillis();
}
