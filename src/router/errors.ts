import { SwitchboardError } from '../core/errors/index.ts';

/**
 * No provider was tried for a recipient: every one the strategy named was skipped by its open circuit breaker.
 * Nothing was sent; `providers` are the names skipped.
 */
export class CircuitOpenError extends SwitchboardError {
  override readonly name = 'CircuitOpenError';
  readonly outcomeUnknown = false;
  readonly providers: string[];

  constructor(providers: readonly string[]) {
    // An error constructor never throws, whatever it is given (a revoked Proxy included).
    let names: string[] = [];
    try {
      if (Array.isArray(providers)) names = providers.filter((name) => typeof name === 'string');
    } catch {
      names = [];
    }
    super(`Every provider for this recipient is cooling down after failures (${names.join(', ')}); nothing was sent`);
    this.providers = names;
  }
}
