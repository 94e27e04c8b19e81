import { AuthenticationError, PermissionDeniedError, SwitchboardError, ValidationError } from './errors/index.ts';
import type { CallOptions } from './transport.ts';

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
    const full = this.#current.length >= maxUnits || (maxBytes !== undefined && this.#current.length > 0 && this.#bytes + size > maxBytes);
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
}

export interface BatchRun<Result> {
  /** How many items the input had. */
  count: number;
  /**
   * By input index, the results of the item's units that were answered, by unit: sparse where a request that
   * carried some of its units failed (`flat()` skips the holes).
   */
  results: Array<Result[] | undefined>;
  /** By input index, why the item failed: its own validation, or a request that carried (some of) its units. */
  failures: Array<SwitchboardError | undefined>;
}

/**
 * Runs a batch as a stream: items are prepared and packed as they come, each request is sent as soon as it is
 * full, and at most `concurrency` requests are in flight, so memory holds the input, one result per item and the
 * requests in flight, not the whole batch twice. Every item ends with its results, its failure, or both (some
 * units answered before a later request failed).
 */
export async function runBatch<Item, Payload, Result>(items: Iterable<Item>, plan: BatchPlan<Item, Payload, Result>): Promise<BatchRun<Result>> {
  const concurrency = plan.concurrency ?? DEFAULT_BATCH_CONCURRENCY;
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) {
    // Nothing is sent, and the batch still ends with one result per item.
    const error = new ValidationError([{ path: 'concurrency', message: 'must be a whole number, 1 or more' }], 'Invalid batch options');
    const all = [...items];
    return { count: all.length, results: [], failures: all.map(() => error) };
  }
  const results: Array<Result[] | undefined> = [];
  const failures: Array<SwitchboardError | undefined> = [];
  const inFlight = new Set<Promise<void>>();
  const packer = new RequestPacker<Payload>(plan.limits);
  const isFatal = plan.isFatal ?? refusedCredentials;
  let fatal: SwitchboardError | undefined;
  // A send that throws (a programming error, not a SwitchboardError) stops the batch and is rethrown at the end,
  // once the requests in flight have settled; the tasks themselves never reject, so none goes unobserved.
  let crash: { error: unknown } | undefined;

  const fail = (index: number, error: SwitchboardError) => {
    // An item split over requests keeps the worst news: "may have been processed" outranks "refused".
    const previous = failures[index];
    if (!previous || (failureOutcome(error) === 'unknown' && failureOutcome(previous) === 'rejected')) failures[index] = error;
  };
  const run = async (request: BatchUnit<Payload>[]) => {
    let outcome: RequestOutcome<Result>;
    try {
      outcome = fatal ?? (await plan.send(request));
    } catch (error) {
      crash ??= { error };
      return;
    }
    if (outcome instanceof SwitchboardError) {
      for (const { index } of request) fail(index, outcome);
      if (isFatal(outcome)) fatal ??= outcome;
      return;
    }
    outcome.forEach((result, position) => {
      const { index, part } = request[position]!;
      (results[index] ??= [])[part] = result;
    });
  };
  const dispatch = async (request: BatchUnit<Payload>[]) => {
    const task: Promise<void> = run(request).finally(() => inFlight.delete(task));
    inFlight.add(task);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  };

  let index = 0;
  try {
    for (const item of items) {
      if (crash) break;
      let payloads: readonly Payload[];
      try {
        payloads = plan.prepare(item);
      } catch (error) {
        if (!(error instanceof SwitchboardError)) throw error;
        failures[index] = error;
        index += 1;
        continue;
      }
      for (let part = 0; part < payloads.length; part += 1) {
        const payload = payloads[part]!;
        const closed = packer.add({ index, part, payload, bytes: plan.sizeOf?.(payload) });
        if (closed) await dispatch(closed);
      }
      index += 1;
    }
    const last = packer.flush();
    if (last) await dispatch(last);
  } finally {
    // Whatever stopped the loop, no request is left running unobserved.
    await Promise.all(inFlight);
  }
  if (crash) throw crash.error;
  return { count: index, results, failures };
}

/** A failed item is "unknown" when its request may have been processed (a send that timed out, a 500), else "rejected". */
export function failureOutcome(error: SwitchboardError): 'rejected' | 'unknown' {
  return (error as { outcomeUnknown?: unknown }).outcomeUnknown === true ? 'unknown' : 'rejected';
}
