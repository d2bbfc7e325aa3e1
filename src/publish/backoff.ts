// How long to wait before retrying a push that lost a race: exponential, capped, with jitter so racers spread out.

export interface RetryPolicy {
  /** Push attempts in all, the first included. @default 10 */
  readonly attempts: number;
  /** The delay after the first lost race, before jitter. @default 200 */
  readonly baseMs: number;
  /** No delay is longer. @default 3000 */
  readonly maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 10, baseMs: 200, maxMs: 3000 };

/** "Equal jitter": half the capped exponential delay, plus a random share of the other half. */
export function retryDelay(failedAttempts: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
