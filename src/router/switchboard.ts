/**
 * `Switchboard`: one send across providers. Each recipient is routed on its own: the strategy names providers in
 * order, the first whose circuit is closed is tried, and the next is tried only when the previous one surely did
 * not accept the message (failover.ts). Recipients bound for the same provider in a round travel together through
 * that provider's batch method, so routing costs no extra requests.
 */
import { checkBatchItems, itemsOf, type BatchOptions } from '../core/batch.ts';
import { SwitchboardError, UnexpectedError, ValidationError } from '../core/errors/index.ts';
import { readClientOptions, readOptions } from '../core/http/call-options.ts';
import type { CallOptions } from '../core/http/transport.ts';
import { isPlainObject, readingInput } from '../core/input.ts';
import { CircuitBreaker, type CircuitBreakerOptions, type CircuitState } from './circuit-breaker.ts';
import { CircuitOpenError } from './errors.ts';
import { isProviderFailure, judgeSendFailure } from './failover.ts';
import { checkMessage, type CheckedMessage, type RoutedMessage } from './messages.ts';
import { loadPhoneParser, type Recipient } from './phone-numbers.ts';
import {
  readProviders,
  type Delivery,
  type DeliveryOutcome,
  type ProviderEntry,
  type RoutedProvider,
} from './providers.ts';
import { compileStrategy, type Route, type RoutingStrategy } from './strategies.ts';

export interface SwitchboardOptions {
  /** The clients to route between, in failover order: `[cm, webex]`, or `{ name, client }` for two of a kind. */
  providers: readonly ProviderEntry[];
  /** Default `'failover'`: the providers in the order given. */
  strategy?: RoutingStrategy;
  /** Skip a provider that keeps failing: `false` to turn off; defaults 5 failures in a row, 30 s cool-down. */
  circuitBreaker?: CircuitBreakerOptions | false;
}

/** One provider tried for one recipient. */
export interface RouteAttempt {
  provider: string;
  /** `skipped`: its circuit was open, nothing was sent to it. */
  outcome: 'accepted' | 'rejected' | 'unknown' | 'skipped';
  error?: SwitchboardError;
}

/** Where one recipient's message went. */
export type RecipientResult =
  | {
      /** E.164. */
      to: string;
      ok: true;
      outcome: 'accepted';
      /** The provider's name that accepted it. */
      provider: string;
      /** The provider's message id (Comapi, Webex), or for CM, which gives none, your reference. */
      messageId: string | undefined;
      requestId: string | undefined;
      attempts: RouteAttempt[];
    }
  | {
      to: string;
      ok: false;
      /**
       * `rejected`: no provider accepted it, and none may have (every attempt failed before or without acceptance).
       * `unknown`: `provider` may have accepted it (a timeout or 5xx after the body went out); it was not sent
       * elsewhere, since that could deliver it twice. Decide yourself, or wait for its delivery report.
       */
      outcome: 'rejected' | 'unknown';
      /** The provider of the last attempt, if any was made. */
      provider: string | undefined;
      error: SwitchboardError;
      attempts: RouteAttempt[];
    };

/** What `send` resolves with: one result per distinct recipient, in order. */
export type RouteResult =
  | { ok: true; outcome: 'accepted'; recipients: RecipientResult[] }
  | {
      ok: false;
      /** `unknown` if any recipient's outcome is unknown, else `rejected` (some or all were not accepted). */
      outcome: 'rejected' | 'unknown';
      /** The first failure: the message's ValidationError, or the first recipient's error that was not accepted. */
      error: SwitchboardError;
      recipients: RecipientResult[];
    };

export type RouteBatchResult = RouteResult & { index: number };

const CONTEXT = 'Invalid Switchboard options';

/** One recipient of one message on its way through the providers. */
interface Unit {
  delivery: Delivery;
  order: string[];
  next: number;
  attempts: RouteAttempt[];
  result?: RecipientResult;
}

export class Switchboard {
  readonly #providers: Map<string, RoutedProvider>;
  readonly #breakers: Map<string, CircuitBreaker> | undefined;
  readonly #route: Route;

  constructor(options: SwitchboardOptions) {
    const given = readClientOptions<SwitchboardOptions>(options, CONTEXT);
    const providers = readProviders(given.providers);
    this.#providers = new Map(providers.map((provider) => [provider.name, provider]));
    const names = providers.map((provider) => provider.name);
    this.#route = compileStrategy(given.strategy, names);
    const breaker = readBreakerOptions(given.circuitBreaker);
    this.#breakers = breaker && new Map(names.map((name) => [name, new CircuitBreaker(breaker)]));
  }

  /** The providers' names, in the order given. */
  get providers(): string[] {
    return [...this.#providers.keys()];
  }

  /** Each provider's circuit: `closed` (in use), `open` (skipped, cooling down) or `half-open` (one trial next). */
  circuits(): Record<string, CircuitState> {
    const states: Record<string, CircuitState> = {};
    for (const name of this.#providers.keys()) states[name] = this.#breakers?.get(name)?.state ?? 'closed';
    return states;
  }

  /**
   * Sends a text to each recipient through the first provider that accepts it. Rejects only with a
   * ValidationError, before anything is sent, when the message is invalid (a number that cannot exist, a missing
   * text); every other outcome resolves, with `ok`, and per recipient the provider, its id and every attempt.
   */
  async send(message: RoutedMessage, options?: CallOptions): Promise<RouteResult> {
    const callOptions = readOptions<CallOptions>(options);
    const parse = await loadPhoneParser();
    const checked = readingInput('Invalid routed message', () => checkMessage(parse, message));
    const units = this.#unitsOf(checked);
    await this.#deliver(units, callOptions);
    return summarize(units);
  }

  /**
   * Sends many messages, each routed as `send` routes it. Never rejects (but for a first argument that is not
   * an array or iterable, or bad options): one result per message, in input order; an invalid message fails
   * alone with its ValidationError. `concurrency` is passed to each provider's batch method.
   */
  async sendBatch(messages: Iterable<RoutedMessage>, options?: BatchOptions): Promise<RouteBatchResult[]> {
    checkBatchItems(messages);
    const batchOptions = readOptions<BatchOptions>(options, { concurrency: 'count' });
    const parse = await loadPhoneParser();
    const items: Array<Unit[] | SwitchboardError> = [];
    for (const { item, error } of itemsOf(messages)) {
      if (error) {
        items.push(error);
        continue;
      }
      try {
        items.push(this.#unitsOf(readingInput('Invalid routed message', () => checkMessage(parse, item))));
      } catch (failure) {
        items.push(
          failure instanceof SwitchboardError ? failure : new UnexpectedError('The message could not be read'),
        );
      }
    }
    await this.#deliver(
      items.flatMap((item) => (Array.isArray(item) ? item : [])),
      batchOptions,
    );
    return items.map((item, index) =>
      Array.isArray(item)
        ? { index, ...summarize(item) }
        : { index, ok: false, outcome: 'rejected', error: item, recipients: [] },
    );
  }

  #unitsOf(message: CheckedMessage): Unit[] {
    return message.recipients.map((recipient) => {
      const delivery = { to: recipient.e164, from: message.from, text: message.text, reference: message.reference };
      const unit: Unit = { delivery, order: [], next: 0, attempts: [] };
      try {
        unit.order = this.#route(recipient as Recipient);
      } catch (error) {
        const failure = error instanceof SwitchboardError ? error : new UnexpectedError('The routing strategy failed');
        unit.result = {
          to: delivery.to,
          ok: false,
          outcome: 'rejected',
          provider: undefined,
          error: failure,
          attempts: [],
        };
      }
      return unit;
    });
  }

  /**
   * Rounds: each unfinished unit goes to its next provider with a closed circuit; the units bound for one provider
   * go in one batch call; a unit refused for sure moves on to its next provider in the next round.
   */
  async #deliver(units: Unit[], given: BatchOptions): Promise<void> {
    // Failing over is the router's retry: a provider that refused is not asked again (unless the caller sets
    // maxRetries), so each provider sees one request per message at most and the next one is reached at once.
    const options = { maxRetries: 0, ...given };
    for (;;) {
      const groups = new Map<string, Unit[]>();
      for (const unit of units) {
        if (unit.result) continue;
        const name = this.#nextProvider(unit);
        if (name === undefined) continue;
        const group = groups.get(name);
        if (group) group.push(unit);
        else groups.set(name, [unit]);
      }
      if (groups.size === 0) return;
      await Promise.all([...groups].map(([name, group]) => this.#sendGroup(name, group, options)));
    }
  }

  /** The unit's next provider that may be tried, noting the skipped ones; settles the unit when none is left. */
  #nextProvider(unit: Unit): string | undefined {
    while (unit.next < unit.order.length) {
      const name = unit.order[unit.next++]!;
      const breaker = this.#breakers?.get(name);
      if (!breaker || breaker.tryAcquire()) return name;
      unit.attempts.push({ provider: name, outcome: 'skipped' });
    }
    const last = unit.attempts.findLast((attempt) => attempt.outcome !== 'skipped');
    unit.result = {
      to: unit.delivery.to,
      ok: false,
      outcome: 'rejected',
      provider: last?.provider,
      error: last?.error ?? new CircuitOpenError(unit.attempts.map((attempt) => attempt.provider)),
      attempts: unit.attempts,
    };
    return undefined;
  }

  async #sendGroup(name: string, group: Unit[], options: BatchOptions): Promise<void> {
    const provider = this.#providers.get(name)!;
    let outcomes: DeliveryOutcome[];
    try {
      outcomes = await provider.sendEach(
        group.map((unit) => unit.delivery),
        options,
      );
    } catch {
      // The clients' batch methods never reject; if one did, its requests may have gone out.
      const error = new UnexpectedError(`${name}'s batch failed unexpectedly; the messages may have been sent`);
      outcomes = group.map(() => ({ ok: false, error }));
    }
    this.#record(name, outcomes);
    for (let index = 0; index < group.length; index += 1) settle(group[index]!, name, outcomes[index]!);
  }

  /** Tells the provider's breaker how its requests went: one failure per failed request, not per message in it. */
  #record(name: string, outcomes: DeliveryOutcome[]): void {
    const breaker = this.#breakers?.get(name);
    if (!breaker) return;
    const failures = new Set<SwitchboardError>();
    let succeeded = false;
    for (const outcome of outcomes) {
      if (outcome.ok) succeeded = true;
      else if (isProviderFailure(outcome.error)) failures.add(outcome.error);
    }
    if (succeeded) breaker.recordSuccess();
    for (const _failure of failures) breaker.recordFailure();
    if (!succeeded && failures.size === 0) breaker.recordNeutral();
  }
}

function settle(unit: Unit, provider: string, outcome: DeliveryOutcome): void {
  const to = unit.delivery.to;
  if (outcome.ok) {
    unit.attempts.push({ provider, outcome: 'accepted' });
    unit.result = {
      to,
      ok: true,
      outcome: 'accepted',
      provider,
      messageId: outcome.messageId,
      requestId: outcome.requestId,
      attempts: unit.attempts,
    };
    return;
  }
  const { error } = outcome;
  const verdict = judgeSendFailure(error);
  unit.attempts.push({ provider, outcome: verdict === 'unknown' ? 'unknown' : 'rejected', error });
  if (verdict === 'failover') return;
  unit.result = {
    to,
    ok: false,
    outcome: verdict === 'unknown' ? 'unknown' : 'rejected',
    provider,
    error,
    attempts: unit.attempts,
  };
}

function summarize(units: Unit[]): RouteResult {
  const recipients = units.map((unit) => unit.result!);
  const failed = recipients.filter((recipient) => !recipient.ok);
  if (failed.length === 0) return { ok: true, outcome: 'accepted', recipients };
  return {
    ok: false,
    outcome: failed.some((recipient) => recipient.outcome === 'unknown') ? 'unknown' : 'rejected',
    error: failed[0]!.error,
    recipients,
  };
}

function readBreakerOptions(value: unknown): CircuitBreakerOptions | undefined {
  if (value === false) return undefined;
  if (value === undefined) return {};
  if (!isPlainObject(value))
    throw new ValidationError([{ path: 'circuitBreaker', message: 'must be an object or false' }], CONTEXT);
  const { failureThreshold, cooldownMs, now } = value;
  const issues = [];
  if (failureThreshold !== undefined && !(Number.isInteger(failureThreshold) && (failureThreshold as number) >= 1))
    issues.push({ path: 'circuitBreaker.failureThreshold', message: 'must be a whole number, 1 or more' });
  if (
    cooldownMs !== undefined &&
    !(typeof cooldownMs === 'number' && Number.isFinite(cooldownMs) && cooldownMs >= 0 && cooldownMs <= 2 ** 31 - 1)
  )
    issues.push({ path: 'circuitBreaker.cooldownMs', message: 'must be a number of ms from 0 to 2^31-1' });
  if (now !== undefined && typeof now !== 'function')
    issues.push({ path: 'circuitBreaker.now', message: 'must be a function returning ms' });
  if (issues.length > 0) throw new ValidationError(issues, CONTEXT);
  return value as CircuitBreakerOptions;
}
