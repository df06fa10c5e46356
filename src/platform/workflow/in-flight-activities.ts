/**
 * Counts activities a workflow has in flight outside its handlers (deadline watchers, alert
 * deliveries), so it hands over to continue-as-new or completes only at rest.
 */
export function createInFlightActivities() {
  let count = 0;
  return {
    async tracked<T>(run: () => Promise<T>): Promise<T> {
      count += 1;
      try {
        return await run();
      } finally {
        count -= 1;
      }
    },
    idle: (): boolean => count === 0,
  };
}

export type InFlightActivities = ReturnType<typeof createInFlightActivities>;
