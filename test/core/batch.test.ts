/**
 * The streaming batch runner every sendBatch uses: bounded concurrency, items prepared as requests go (not all up
 * front), one outcome per item whatever order requests finish in, and nothing sent after a fatal error.
 */
import { describe, expect, it } from 'vitest';
import { streamBatch, type BatchPlan, type BatchUnit } from '../../src/core/batch.ts';
import type { SwitchboardError } from '../../src/core/errors/index.ts';
import { AuthenticationError, ServerError, UnexpectedError, ValidationError } from '../../src/core/errors/index.ts';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every item's outcome by input index, collected from streamBatch as the clients' batchResults collects it. */
async function runBatch<Item, Payload, Result>(items: Iterable<Item>, plan: BatchPlan<Item, Payload, Result>) {
  const results: Array<Array<Result | undefined> | undefined> = [];
  const failures: Array<SwitchboardError | undefined> = [];
  const count = await streamBatch(items, plan, ({ index, results: answered, failure }) => {
    // Sparse, as the results of an item none of whose units was answered are absent (`flat()` skips them).
    if (answered) results[index] = answered;
    if (failure) failures[index] = failure;
  });
  return { count, results, failures };
}

/** A send that answers each unit with its payload, after `delay(request)` ms, and records what it saw. */
function recordingSend(delay: (request: readonly BatchUnit<number>[], call: number) => number = () => 1) {
  const seen = { calls: 0, inFlight: 0, maxInFlight: 0, requests: [] as number[][] };
  const send = async (request: readonly BatchUnit<number>[]) => {
    const call = seen.calls++;
    seen.requests.push(request.map((unit) => unit.payload));
    seen.inFlight += 1;
    seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
    await tick(delay(request, call));
    seen.inFlight -= 1;
    return request.map((unit) => unit.payload);
  };
  return { seen, send };
}

const plan = (
  send: (request: readonly BatchUnit<number>[]) => Promise<number[] | ServerError | AuthenticationError>,
  concurrency?: number,
) => ({
  prepare: (item: number) => [item],
  limits: { maxUnits: 10 },
  send,
  isFatal: (error: unknown) => error instanceof AuthenticationError,
  concurrency,
});

describe('runBatch', () => {
  it('keeps at most `concurrency` requests in flight and files every result under its item', async () => {
    const { seen, send } = recordingSend((_request, call) => (call % 2 === 0 ? 8 : 1));
    const items = Array.from({ length: 95 }, (_, i) => i);
    const run = await runBatch(items, plan(send, 3));
    expect(seen.requests).toHaveLength(10);
    expect(seen.maxInFlight).toBe(3);
    expect(run.count).toBe(95);
    expect(run.results.map((r) => r?.[0])).toEqual(items);
    expect(run.failures.filter(Boolean)).toHaveLength(0);
  });

  it('prepares items as requests go, not all before the first is sent', async () => {
    let pulled = 0;
    let pulledAtFirstSend = -1;
    function* items() {
      for (let i = 0; i < 1000; i += 1) {
        pulled += 1;
        yield i;
      }
    }
    const { send } = recordingSend();
    await runBatch(items(), {
      ...plan(send, 2),
      send: async (request) => {
        if (pulledAtFirstSend === -1) pulledAtFirstSend = pulled;
        return send(request);
      },
    });
    expect(pulled).toBe(1000);
    // The first request goes out as soon as it is full (10 items) and the 11th has been seen.
    expect(pulledAtFirstSend).toBe(11);
  });

  it('keeps the units of an item split over requests in order, whichever request finishes first', async () => {
    const { send } = recordingSend((request) => (request[0]!.payload < 10 ? 10 : 1));
    const run = await runBatch([0], { ...plan(send, 4), prepare: () => Array.from({ length: 25 }, (_, i) => i) });
    expect(run.results[0]).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it('sends nothing after a fatal error, and fails the items not yet sent with it', async () => {
    const refused = new AuthenticationError({
      status: 401,
      headers: new Headers(),
      body: undefined,
      message: 'refused',
    });
    let calls = 0;
    const run = await runBatch(
      Array.from({ length: 50 }, (_, i) => i),
      plan(async () => {
        calls += 1;
        await tick(1);
        return refused;
      }, 1),
    );
    expect(calls).toBe(1);
    expect(run.failures.every((failure) => failure === refused)).toBe(true);
    expect(run.failures).toHaveLength(50);
  });

  it('fails only the items of a failed request, and an invalid item alone', async () => {
    const boom = new ServerError({ status: 500, headers: new Headers(), body: undefined, message: 'boom' });
    const run = await runBatch(
      Array.from({ length: 30 }, (_, i) => i),
      {
        ...plan(async (request) => (request[0]!.payload === 10 ? boom : request.map((unit) => unit.payload)), 2),
        prepare: (item: number) => {
          if (item === 25) throw new ValidationError([{ path: 'to', message: 'bad' }]);
          return [item];
        },
      },
    );
    expect(run.failures.map((failure, index) => (failure ? index : -1)).filter((index) => index >= 0)).toEqual([
      10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 25,
    ]);
    expect(run.failures[19]).toBe(boom);
    expect(run.results[20]).toEqual([20]);
    expect(run.failures[25]).toBeInstanceOf(ValidationError);
    expect(run.results[0]).toEqual([0]);
  });

  it('fails only the items of a request whose send throws (a bug, not an API failure), as outcome unknown, and goes on', async () => {
    let calls = 0;
    const bug = new TypeError('a bug in send');
    const run = await runBatch(
      Array.from({ length: 100 }, (_, i) => i),
      plan(async (request) => {
        calls += 1;
        if (calls === 2) throw bug;
        await tick(5);
        return request.map((unit) => unit.payload);
      }, 3),
    );
    expect(calls).toBe(10);
    expect(run.count).toBe(100);
    // The second request carried items 10..19: those, and only those, failed.
    const failed = run.failures.flatMap((failure, index) => (failure ? [index] : []));
    expect(failed).toEqual(Array.from({ length: 10 }, (_, i) => 10 + i));
    expect(run.failures[10]).toBeInstanceOf(UnexpectedError);
    expect(run.failures[10]).toMatchObject({ outcomeUnknown: true });
    expect((run.failures[10] as Error).cause).toMatchObject({ name: 'TypeError', message: 'a bug in send' });
    expect(run.results.flat()).toHaveLength(90);
  });

  it("makes a throw while preparing item i that item's ValidationError, and goes on", async () => {
    const { seen, send } = recordingSend();
    const run = await runBatch([1, 2, 3], {
      ...plan(send, 1),
      prepare: (item: number) => {
        if (item === 2) throw new RangeError('Maximum call stack size exceeded');
        return [item];
      },
    });
    expect(run.failures[1]).toBeInstanceOf(ValidationError);
    expect(seen.requests).toEqual([[1, 3]]);
  });

  it('reads an array by index: a hole and a getter that throws fail their own items only', async () => {
    const { seen, send } = recordingSend();
    const items = [1, , 3, 4] as number[];
    Object.defineProperty(items, 3, {
      get: () => {
        throw new Error('no');
      },
    });
    const run = await runBatch(items, {
      ...plan(send, 1),
      prepare: (item: number) => {
        if (typeof item !== 'number') throw new ValidationError([{ path: '', message: 'missing' }]);
        return [item];
      },
    });
    expect(run.count).toBe(4);
    expect(run.failures[1]).toBeInstanceOf(ValidationError);
    expect(run.failures[3]).toBeInstanceOf(ValidationError);
    expect(seen.requests).toEqual([[1, 3]]);
  });

  it('ends with a failure at the position where an iterable throws, keeping what came before', async () => {
    const { seen, send } = recordingSend();
    function* broken() {
      yield 1;
      yield 2;
      throw new Error('the source broke');
    }
    const run = await runBatch(broken(), plan(send, 1));
    expect(run.count).toBe(3);
    expect(run.failures[2]).toBeInstanceOf(ValidationError);
    expect(seen.requests).toEqual([[1, 2]]);
  });

  it('refuses what is not an array or an iterable of items, a string included, before sending', async () => {
    for (const items of [null, undefined, 5, {}, 'hello', new String('hi')]) {
      const { seen, send } = recordingSend();
      await expect(runBatch(items as never, plan(send, 1))).rejects.toBeInstanceOf(ValidationError);
      expect(seen.calls).toBe(0);
    }
  });

  it('by default stops after refused credentials', async () => {
    const refused = new AuthenticationError({
      status: 401,
      headers: new Headers(),
      body: undefined,
      message: 'refused',
    });
    let calls = 0;
    const { isFatal: _isFatal, ...withoutIsFatal } = plan(async () => {
      calls += 1;
      return refused;
    }, 1);
    await runBatch(
      Array.from({ length: 30 }, (_, i) => i),
      withoutIsFatal,
    );
    expect(calls).toBe(1);
  });

  it('refuses a concurrency below 1, sending nothing', async () => {
    for (const concurrency of [0, -1, 1.5, Number.NaN]) {
      const { seen, send } = recordingSend();
      await expect(runBatch([1, 2, 3], plan(send, concurrency))).rejects.toBeInstanceOf(ValidationError);
      expect(seen.calls).toBe(0);
    }
  });
});
