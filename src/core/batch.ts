import { SwitchboardError } from './errors/index.ts';

/** One piece of a request body, owned by the input item at `index` (an item may become several units). */
export interface BatchUnit<Payload> {
  index: number;
  payload: Payload;
  /** The unit's serialized size in bytes, where the provider limits request size. */
  bytes?: number;
}

export interface BatchLimits {
  maxUnits: number;
  /** The most bytes the units of one request may add up to (the provider's body limit minus the envelope). */
  maxBytes?: number;
}

/**
 * Packs units into requests in order, each within both limits. A unit larger than `maxBytes` on its own
 * goes alone: the caller should have refused it before, and the provider will refuse it if not.
 */
export function packUnits<Payload>(units: readonly BatchUnit<Payload>[], limits: BatchLimits): BatchUnit<Payload>[][] {
  const requests: BatchUnit<Payload>[][] = [];
  let current: BatchUnit<Payload>[] = [];
  let bytes = 0;
  for (const unit of units) {
    const size = unit.bytes ?? 0;
    const full = current.length >= limits.maxUnits || (limits.maxBytes !== undefined && current.length > 0 && bytes + size > limits.maxBytes);
    if (full) {
      requests.push(current);
      current = [];
      bytes = 0;
    }
    current.push(unit);
    bytes += size;
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

/** What one request produced: a result per unit (in the request's order), or the error that failed it. */
export type RequestOutcome<Result> = Result[] | SwitchboardError;

export interface BatchRun<Result> {
  /** Per input index, the results of its units that were answered, in unit order. */
  results: Map<number, Result[]>;
  /** Per input index, why it failed: its own validation, or the request that carried (some of) its units. */
  failures: Map<number, SwitchboardError>;
}

/**
 * Sends the packed requests one after another and files every unit's outcome under its input index, so that
 * each input item ends with its results, its failure, or both (some units answered before a later request
 * failed). After an error for which `isFatal` holds (a refused credential), nothing more is sent and the
 * remaining items fail with that error.
 */
export async function runBatch<Payload, Result>(
  requests: readonly BatchUnit<Payload>[][],
  send: (request: readonly BatchUnit<Payload>[]) => Promise<RequestOutcome<Result>>,
  isFatal: (error: SwitchboardError) => boolean,
  failures: Map<number, SwitchboardError> = new Map(),
): Promise<BatchRun<Result>> {
  const results = new Map<number, Result[]>();
  let fatal: SwitchboardError | undefined;
  for (const request of requests) {
    const outcome = fatal ?? (await send(request));
    if (outcome instanceof SwitchboardError) {
      for (const { index } of request) {
        // An item split over requests keeps the worst news: "may have been processed" outranks "refused".
        const previous = failures.get(index);
        if (!previous || (failureOutcome(outcome) === 'unknown' && failureOutcome(previous) === 'rejected')) failures.set(index, outcome);
      }
      if (isFatal(outcome)) fatal = outcome;
      continue;
    }
    outcome.forEach((result, position) => {
      const index = request[position]!.index;
      const list = results.get(index);
      if (list) list.push(result);
      else results.set(index, [result]);
    });
  }
  return { results, failures };
}

/** Runs `prepare` on every item; an item that throws a SwitchboardError is recorded as failed instead. */
export function prepareEach<Item, Prepared>(
  items: readonly Item[],
  prepare: (item: Item) => Prepared,
): { prepared: Map<number, Prepared>; failures: Map<number, SwitchboardError> } {
  const prepared = new Map<number, Prepared>();
  const failures = new Map<number, SwitchboardError>();
  items.forEach((item, index) => {
    try {
      prepared.set(index, prepare(item));
    } catch (error) {
      if (!(error instanceof SwitchboardError)) throw error;
      failures.set(index, error);
    }
  });
  return { prepared, failures };
}

/** A failed item is "unknown" when its request may have been processed (a send that timed out, a 500), else "rejected". */
export function failureOutcome(error: SwitchboardError): 'rejected' | 'unknown' {
  return (error as { outcomeUnknown?: unknown }).outcomeUnknown === true ? 'unknown' : 'rejected';
}
