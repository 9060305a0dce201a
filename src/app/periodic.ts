/**
 * Runs `task` every `intervalMs` (after each run finishes, so runs never overlap) until stopped.
 * `stop()` waits for a run in progress. Failures go to `onError` and the loop goes on.
 */
export function every(intervalMs: number, task: () => Promise<unknown>, onError: (error: unknown) => void): { stop(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const schedule = () => {
    if (!stopped) timer = setTimeout(tick, intervalMs).unref();
  };
  const tick = () => {
    running = task().then(
      () => undefined,
      (error: unknown) => onError(error),
    );
    void running.then(schedule);
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
