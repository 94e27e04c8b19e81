/**
 * A small circuit breaker per provider. After `failureThreshold` provider failures in a row (connection errors,
 * 5xx, 429, refused credentials; see `isProviderFailure`) the circuit opens and the provider is skipped for
 * `cooldownMs`. Then it is half-open: one request is let through as a trial; its success closes the circuit, its
 * failure opens it for another cool-down. Time comes from `now`, so tests control it.
 */
export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Provider failures in a row that open the circuit. Default 5. */
  failureThreshold?: number;
  /** How long an open circuit skips its provider, in ms. Default 30,000. */
  cooldownMs?: number;
  /** The clock, in ms. Default `Date.now`. */
  now?: () => number;
}

export const DEFAULT_FAILURE_THRESHOLD = 5;
export const DEFAULT_COOLDOWN_MS = 30_000;

export class CircuitBreaker {
  readonly #threshold: number;
  readonly #cooldownMs: number;
  readonly #now: () => number;
  #failures = 0;
  #openedAt: number | undefined;
  /** In half-open state, whether the one trial request is out. */
  #trialOut = false;

  constructor(options: CircuitBreakerOptions = {}) {
    this.#threshold = options.failureThreshold ?? DEFAULT_FAILURE_THRESHOLD;
    this.#cooldownMs = options.cooldownMs ?? DEFAULT_COOLDOWN_MS;
    this.#now = options.now ?? Date.now;
  }

  get state(): CircuitState {
    if (this.#openedAt === undefined) return 'closed';
    return this.#now() - this.#openedAt >= this.#cooldownMs ? 'half-open' : 'open';
  }

  /**
   * Whether a request may go to the provider now. In half-open state only the first caller is let through,
   * until its result is recorded: a provider just back from an outage gets one request, not a flood.
   */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.#trialOut) return false;
    this.#trialOut = true;
    return true;
  }

  recordSuccess(): void {
    this.#failures = 0;
    this.#openedAt = undefined;
    this.#trialOut = false;
  }

  recordFailure(): void {
    this.#failures += 1;
    // A failed trial reopens at once; a closed circuit opens at the threshold.
    if (this.#trialOut || this.#failures >= this.#threshold) {
      this.#openedAt = this.#now();
      this.#trialOut = false;
    }
  }

  /** A request let through that ended without saying anything of the provider's health (an invalid message). */
  recordNeutral(): void {
    this.#trialOut = false;
  }
}
