/**
 * Waits for `work` at most `ms`; resolves `true` when it settled in time (fulfilled or rejected alike), `false`
 * when the deadline came first. Never rejects, and the timer never keeps the process alive.
 */
export function settleWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    timer.unref();
    work.then(
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      () => {
        clearTimeout(timer);
        resolve(true);
      },
    );
  });
}
