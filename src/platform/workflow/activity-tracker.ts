/**
 * Counts activities a workflow has in flight outside its handlers (deadline watchers, alert
 * deliveries), so it hands over to continue-as-new or completes only at rest.
 */
export function createActivityTracker() {
  let inFlight = 0;
  return {
    async tracked<T>(run: () => Promise<T>): Promise<T> {
      inFlight += 1;
      try {
        return await run();
      } finally {
        inFlight -= 1;
      }
    },
    idle: (): boolean => inFlight === 0,
  };
}

export type ActivityTracker = ReturnType<typeof createActivityTracker>;
