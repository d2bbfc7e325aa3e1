// Bounded concurrency for independent async tasks (chart renders, asset downloads).

/**
 * Runs at most `limit` tasks at once, keeping results in input order. A task may give up its slot before it ends
 * (`release`): the next item then starts while it finishes work that needs no slot (reading a helm process's output
 * once the process is gone). After a failure no further task starts; the first failure (in input order) is thrown once
 * every started task has ended, so that none is still at work when the caller hears of it.
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, task: (item: T, release: () => void) => Promise<R>): Promise<R[]> {
  const started: Promise<R>[] = [];
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const result = task(items[index]!, release);
      started.push(result);
      result.catch(() => (failed = true));
      await Promise.race([result, released]).catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  const settled = await Promise.allSettled(started);
  const failure = settled.find((outcome) => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<R>).value);
}
