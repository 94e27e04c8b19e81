/** resultStream: results read as they come, with a bounded queue between producer and reader. */
import { describe, expect, it } from 'vitest';
import { resultStream } from '../../src/core/result-stream.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('resultStream', () => {
  it('yields every value in the order emitted, then ends', async () => {
    const stream = resultStream<number>(async (emit) => {
      for (let i = 0; i < 5; i += 1) await emit(i);
    });
    const seen: number[] = [];
    for await (const value of stream) seen.push(value);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('holds the producer at the high-water mark until the reader takes values', async () => {
    let emitted = 0;
    const stream = resultStream<number>(async (emit) => {
      for (let i = 0; i < 100; i += 1) {
        await emit(i);
        emitted += 1;
      }
    }, 10);
    const first = await stream.next();
    expect(first.value).toBe(0);
    for (let i = 0; i < 5; i += 1) await tick();
    // 10 waiting in the queue at most, one of them being emitted when the wait began.
    expect(emitted).toBeLessThanOrEqual(11);
    let count = 1;
    for await (const _ of stream) count += 1;
    expect([count, emitted]).toEqual([100, 100]);
  });

  it('several producers waiting for room all resume (a batch settles items from many requests)', async () => {
    const stream = resultStream<number>(async (emit) => {
      await Promise.all(
        [0, 1, 2, 3].map(async (lane) => {
          for (let i = 0; i < 25; i += 1) await emit(lane * 100 + i);
        }),
      );
    }, 2);
    const seen: number[] = [];
    for await (const value of stream) {
      seen.push(value);
      await tick();
    }
    expect(seen).toHaveLength(100);
    expect(new Set(seen).size).toBe(100);
  });

  it('a reader that stops early stops the producer, and its return waits for what was started', async () => {
    let produced = 0;
    let finished = false;
    const stream = resultStream<number>(async (emit, stopped) => {
      for (let i = 0; i < 1_000_000 && !stopped(); i += 1) {
        await emit(i);
        produced += 1;
      }
      await tick();
      finished = true;
    }, 4);
    for await (const value of stream) if (value === 2) break;
    expect(finished).toBe(true);
    expect(produced).toBeLessThan(10);
  });

  it("the producer's rejection reaches the reader after the values before it", async () => {
    const stream = resultStream<number>(async (emit) => {
      await emit(1);
      throw new Error('producer broke');
    });
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const value of stream) seen.push(value);
      })(),
    ).rejects.toThrow('producer broke');
    expect(seen).toEqual([1]);
  });
});
