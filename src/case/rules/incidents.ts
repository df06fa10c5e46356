import type { Incident } from '../state';

/** How many incidents followed the disclosure (each a repeat), and how many of them in the last 12 months. */
export function repeatIncidentCount(
  incidents: readonly Pick<Incident, 'occurredAt'>[],
  now: string,
): { total: number; inLast12Months: number } {
  // SafeLives counts repeat victimisation over the last 12 months (no calendar library in workflow code).
  const windowStart = new Date(now);
  windowStart.setUTCFullYear(windowStart.getUTCFullYear() - 1);
  return {
    total: incidents.length,
    inLast12Months: incidents.filter((incident) => Date.parse(incident.occurredAt) >= windowStart.getTime()).length,
  };
}

const asked = (answer: boolean | undefined): string => (answer === undefined ? 'not asked' : answer ? 'yes' : 'no');

/** An incident as the timeline says it: which repeat it is, and what happened. */
export const incidentSummary = (incident: Incident, position: number, local: (at: string) => string): string =>
  `repeat incident ${position} since the disclosure, of ${local(incident.occurredAt)}; police called: ${asked(incident.policeCalled)}; injuries: ${asked(incident.injuries)}; damage to property: ${asked(incident.propertyDamage)}`;
