import {
  AuthenticationError,
  PermissionDeniedError,
  SwitchboardError,
  UnexpectedError,
  ValidationError,
} from './errors/index.ts';
import { redactError } from './http/redact.ts';
import { resultStream } from './result-stream.ts';
import type { CallOptions } from './http/transport.ts';

/** One piece of a request body, owned by the input item at `index` (an item may become several units). */
export interface BatchUnit<Payload> {
  index: number;
  /** The unit's place among its item's units, so an item split over requests keeps its order. */
  part: number;
  payload: Payload;
  /** The unit's serialized size in bytes, where the provider limits request size. */
  bytes?: number;
}

export interface BatchLimits {
  maxUnits: number;
  /** The most bytes the units of one request may add up to (the provider's body limit minus the envelope). */
  maxBytes?: number;
}

/** Options of every `sendBatch`: a call's options, and how many requests may be in flight at once. */
export interface BatchOptions extends CallOptions {
  /** Requests in flight at once. Default 4. Requests are built as earlier ones go, so memory does not grow with the batch. */
  concurrency?: number;
}

export const DEFAULT_BATCH_CONCURRENCY = 4;

function refusedCredentials(error: SwitchboardError): boolean {
  return error instanceof AuthenticationError || error instanceof PermissionDeniedError;
}

/**
 * Packs units into requests in order, each within both limits. A unit larger than `maxBytes` on its own
 * goes alone: the caller should have refused it before, and the provider will refuse it if not.
 */
export class RequestPacker<Payload> {
  #current: BatchUnit<Payload>[] = [];
  #bytes = 0;
  readonly #limits: BatchLimits;

  constructor(limits: BatchLimits) {
    this.#limits = limits;
  }

  /** Adds a unit; returns the request it closed, when the unit did not fit in it. */
  add(unit: BatchUnit<Payload>): BatchUnit<Payload>[] | undefined {
    const size = unit.bytes ?? 0;
    const { maxUnits, maxBytes } = this.#limits;
    const full =
      this.#current.length >= maxUnits ||
      (maxBytes !== undefined && this.#current.length > 0 && this.#bytes + size > maxBytes);
    const closed = full ? this.flush() : undefined;
    this.#current.push(unit);
    this.#bytes += size;
    return closed;
  }

  /** The request being filled, closed; undefined when it is empty. */
  flush(): BatchUnit<Payload>[] | undefined {
    if (this.#current.length === 0) return undefined;
    const request = this.#current;
    this.#current = [];
    this.#bytes = 0;
    return request;
  }
}

/** What one request produced: a result per unit (in the request's order), or the error that failed it. */
export type RequestOutcome<Result> = Result[] | SwitchboardError;

export interface BatchPlan<Item, Payload, Result> {
  /** An item's units; throws a SwitchboardError when the item is invalid, which then fails alone, unsent. */
  prepare: (item: Item) => readonly Payload[];
  /** A unit's size in bytes, where `limits.maxBytes` is set. */
  sizeOf?: (payload: Payload) => number;
  limits: BatchLimits;
  send: (request: readonly BatchUnit<Payload>[]) => Promise<RequestOutcome<Result>>;
  /**
   * An error after which nothing more is sent: the items not yet sent fail with it. By default a refused
   * credential (AuthenticationError, PermissionDeniedError), which would fail every later request too.
   */
  isFatal?: (error: SwitchboardError) => boolean;
  concurrency?: number;
  /** Every item fails with this error and nothing is sent (a part every item shares is invalid). */
  failAll?: SwitchboardError;
  /** The client's secrets, kept out of the error made from an unexpected throw. */
  secrets?: () => readonly string[];
}

/**
 * The items of a batch, one at a time: an array by index (so a hole or a getter that throws is that item's
 * problem, and the items after it still count), any other iterable through its iterator. `read` throws a
 * ValidationError before anything is sent when `items` is neither; a string is refused, not read as characters.
 */
export function* itemsOf<Item>(items: Iterable<Item>): Generator<{ item?: Item; error?: SwitchboardError }> {
  if (Array.isArray(items)) {
    const length = readBeforeSending(() => items.length);
    for (let index = 0; index < length; index += 1) {
      let item: Item;
      try {
        item = items[index] as Item;
      } catch (error) {
        yield { error: readFailure(error) };
        continue;
      }
      yield { item };
    }
    return;
  }
  const iterator = readBeforeSending(() => (items as Iterable<Item>)[Symbol.iterator]());
  for (;;) {
    let step: IteratorResult<Item>;
    try {
      step = iterator.next();
    } catch (error) {
      // The iterable broke at this position: it is this item's failure, and the batch ends here.
      yield { error: readFailure(error) };
      return;
    }
    if (step.done) return;
    yield { item: step.value };
  }
}

/** Refuses a first argument that is not an array or a (non-string) iterable, before anything is sent. */
export function checkBatchItems(items: unknown, name = 'messages'): void {
  let iterable = false;
  try {
    iterable =
      Array.isArray(items) ||
      (typeof items === 'object' &&
        items !== null &&
        typeof (items as Iterable<unknown>)[Symbol.iterator] === 'function' &&
        !(items instanceof String));
  } catch {
    iterable = false;
  }
  if (!iterable) {
    throw new ValidationError(
      [{ path: name, message: 'must be an array or another iterable of items (a string is not)' }],
      'Invalid batch',
    );
  }
}

/** Reads what the batch needs before its first item (an array's length, an iterator); a throw there rejects, unsent. */
function readBeforeSending<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw readFailure(error);
  }
}

function readFailure(error: unknown): SwitchboardError {
  if (error instanceof SwitchboardError) return error;
  return new ValidationError([{ path: '', message: `could not be read (${nameOf(error)})` }], 'Invalid batch item');
}

function nameOf(error: unknown): string {
  try {
    return error instanceof Error ? error.name : typeof error;
  } catch {
    return 'error';
  }
}

/** One input item, settled: what its units produced (sparse where a request failed) and its failure, if any. */
export interface SettledItem<Result> {
  index: number;
  /** By unit (`part`), the results of the units that were answered; undefined when none was. */
  results: Array<Result | undefined> | undefined;
  /** Its own validation, or a request that carried (some of) its units; "may have been processed" wins. */
  failure: SwitchboardError | undefined;
}

/** Where an item of several units is while some of them are in flight. */
interface PendingItem<Result> {
  remaining: number;
  results: Array<Result | undefined> | undefined;
  failure: SwitchboardError | undefined;
}

/** A unit, with the state of its item when the item has several units. */
type OwnedUnit<Payload, Result> = BatchUnit<Payload> & { owner: PendingItem<Result> | undefined };

/**
 * Runs a batch as a stream: items are prepared and packed as they come, each request is sent as soon as it is
 * full, at most `concurrency` requests are in flight, and each item is handed to `settled` as soon as all its
 * units are answered or failed, in that order, not the input's. Memory holds the requests in flight and the items
 * they carry, nothing per item already settled. A `settled` that returns a promise holds the batch until it
 * resolves (a slow reader slows the sending). `stopped` is asked before each item: once true, nothing more is
 * prepared or sent, and the requests in flight finish. Resolves with the number of items read, always, once
 * `items` passed `checkBatchItems`: a throw while preparing an item is that item's failure, a throw while sending
 * a request fails that request's items.
 */
export async function streamBatch<Item, Payload, Result>(
  items: Iterable<Item>,
  plan: BatchPlan<Item, Payload, Result>,
  settled: (item: SettledItem<Result>) => void | Promise<void>,
  stopped: () => boolean = () => false,
): Promise<number> {
  checkBatchItems(items);
  const concurrency = checkConcurrency(plan.concurrency);
  const inFlight = new Set<Promise<void>>();
  const packer = new RequestPacker<Payload>(plan.limits);
  const isFatal = plan.isFatal ?? refusedCredentials;
  let fatal: SwitchboardError | undefined;

  // Awaited only when it returns a promise: an `await` per item, on a batch of millions, is a microtask each.
  const settle = (item: SettledItem<Result>) => settled(item);
  const fail = (item: PendingItem<Result>, error: SwitchboardError) => {
    // An item split over requests keeps the worst news: "may have been processed" outranks "refused".
    const previous = item.failure;
    if (!previous || (failureOutcome(error) === 'unknown' && failureOutcome(previous) === 'rejected'))
      item.failure = error;
  };
  const run = async (request: OwnedUnit<Payload, Result>[]) => {
    let outcome: RequestOutcome<Result>;
    try {
      outcome = fatal ?? (await plan.send(request));
    } catch (error) {
      outcome = error instanceof SwitchboardError ? error : unexpected(error, plan.secrets?.() ?? []);
    }
    const failed = outcome instanceof SwitchboardError;
    if (failed && isFatal(outcome as SwitchboardError)) fatal ??= outcome as SwitchboardError;
    for (let position = 0; position < request.length; position += 1) {
      const { index, part, owner } = request[position]!;
      const result = failed ? undefined : (outcome as Result[])[position];
      const error = failed
        ? (outcome as SwitchboardError)
        : result === undefined
          ? unexpected(new Error('the request produced no result for this item'), [])
          : undefined;
      let waiting: Promise<void> | undefined | void;
      if (!owner) {
        // The item's only unit: it is settled by this answer alone.
        waiting = settle({ index, results: error ? undefined : [result as Result], failure: error });
      } else {
        if (error) fail(owner, error);
        else {
          owner.results ??= [];
          owner.results[part] = result;
        }
        owner.remaining -= 1;
        if (owner.remaining === 0) waiting = settle({ index, results: owner.results, failure: owner.failure });
      }
      if (waiting) await waiting;
    }
  };
  const dispatch = async (request: OwnedUnit<Payload, Result>[]) => {
    const task: Promise<void> = run(request).finally(() => inFlight.delete(task));
    inFlight.add(task);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  };

  let index = 0;
  try {
    for (const { item, error } of itemsOf(items)) {
      if (stopped()) break;
      if (error || plan.failAll) {
        const waiting = settle({ index, results: undefined, failure: error ?? plan.failAll });
        if (waiting) await waiting;
        index += 1;
        continue;
      }
      let payloads: readonly Payload[];
      try {
        payloads = plan.prepare(item as Item);
        if (!Array.isArray(payloads)) throw new TypeError('prepare returned no units');
      } catch (failure) {
        const waiting = settle({ index, results: undefined, failure: readFailure(failure) });
        if (waiting) await waiting;
        index += 1;
        continue;
      }
      if (payloads.length === 0) {
        const waiting = settle({ index, results: [], failure: undefined });
        if (waiting) await waiting;
        index += 1;
        continue;
      }
      // An item of several units keeps its state in one object its units point to; an item of one needs none.
      const owner: PendingItem<Result> | undefined =
        payloads.length > 1 ? { remaining: payloads.length, results: undefined, failure: undefined } : undefined;
      for (let part = 0; part < payloads.length; part += 1) {
        const payload = payloads[part]!;
        const unit: OwnedUnit<Payload, Result> = { index, part, payload, bytes: plan.sizeOf?.(payload), owner };
        const closed = packer.add(unit) as OwnedUnit<Payload, Result>[] | undefined;
        if (closed) await dispatch(closed);
      }
      index += 1;
    }
    // A reader that stopped gets nothing more sent, not even the request being filled when it stopped.
    const last = stopped() ? undefined : (packer.flush() as OwnedUnit<Payload, Result>[] | undefined);
    if (last) await dispatch(last);
  } finally {
    // Whatever stopped the loop, no request is left running unobserved.
    await Promise.all(inFlight);
  }
  return index;
}

/** Every item's result, in input order: what a `sendBatch` answers. Memory holds one result per item. */
export async function batchResults<Item, Payload, Result, Out>(
  items: Iterable<Item>,
  plan: BatchPlan<Item, Payload, Result>,
  toResult: (item: SettledItem<Result>) => Out,
): Promise<Out[]> {
  const out: Out[] = [];
  await streamBatch(items, plan, (item) => {
    out[item.index] = toResult(item);
  });
  return out;
}

/**
 * Each item's result as it settles, in completion order (each carries its `index`): what a `sendEach` yields.
 * Memory holds the requests in flight and the results not yet read, not one per item, so a batch read from a
 * generator can be any size. The items and options are checked here, before the iterator is returned.
 */
export function batchStream<Item, Payload, Result, Out>(
  items: Iterable<Item>,
  plan: BatchPlan<Item, Payload, Result>,
  toResult: (item: SettledItem<Result>) => Out,
): AsyncGenerator<Out, void, undefined> {
  checkBatchItems(items);
  checkConcurrency(plan.concurrency);
  return resultStream((emit, stopped) => streamBatch(items, plan, (item) => emit(toResult(item)), stopped));
}

function checkConcurrency(concurrency: number | undefined): number {
  const value = concurrency ?? DEFAULT_BATCH_CONCURRENCY;
  if (!(Number.isInteger(value) && value >= 1)) {
    throw new ValidationError(
      [{ path: 'concurrency', message: 'must be a whole number, 1 or more' }],
      'Invalid batch options',
    );
  }
  return value;
}

function unexpected(error: unknown, secrets: readonly string[]): UnexpectedError {
  const cause = redactError(error, secrets);
  return new UnexpectedError(
    `The request failed unexpectedly (${nameOf(error)}); it may have been sent, and was not repeated`,
    { cause },
  );
}

/** One batch item that did not end accepted: its position, why, and whether it may have been processed. */
export interface BatchFailure {
  index: number;
  ok: false;
  /** `unknown`: the request may have reached the provider (a timeout, a 5xx) and was not repeated. */
  outcome: 'rejected' | 'unknown';
  error: SwitchboardError;
}

/** One settled item's result: `accepted(results, index)`, or a `BatchFailure`. */
export function itemResult<Result, Accepted>(
  item: SettledItem<Result>,
  accepted: (results: Result[], index: number) => Accepted,
): Accepted | BatchFailure {
  const { index, failure } = item;
  return failure
    ? { index, ok: false, outcome: failureOutcome(failure), error: failure }
    : accepted(item.results as Result[], index);
}

/** A failed item is "unknown" when its request may have been processed (a send that timed out, a 500), else "rejected". */
export function failureOutcome(error: SwitchboardError): 'rejected' | 'unknown' {
  return (error as { outcomeUnknown?: unknown }).outcomeUnknown === true ? 'unknown' : 'rejected';
}
