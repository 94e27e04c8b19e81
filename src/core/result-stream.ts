/**
 * Results as an async iterator, as they come: the producer `emit`s each one, the consumer reads them with
 * `for await`. The queue between them holds at most `highWaterMark` results; past it `emit` waits, so a slow
 * reader slows the producer instead of piling results up in memory. When the reader stops early (`break`, a
 * throw), `stopped()` turns true, further results are dropped, and the iterator's return waits for the producer
 * to finish what it had started: nothing keeps running unobserved.
 */
export async function* resultStream<T>(
  produce: (emit: (value: T) => Promise<void>, stopped: () => boolean) => Promise<unknown>,
  highWaterMark = 1000,
): AsyncGenerator<T, void, undefined> {
  const queue: T[] = [];
  let head = 0;
  let done = false;
  let failed = false;
  let failure: unknown;
  let stop = false;
  let wakeReader: (() => void) | undefined;
  // Several producers' calls may wait for room at once (a batch settles items from every request in flight).
  let waitingForRoom: Array<() => void> = [];

  const wake = () => {
    const resolve = wakeReader;
    wakeReader = undefined;
    resolve?.();
  };
  const makeRoom = () => {
    const waiting = waitingForRoom;
    waitingForRoom = [];
    for (const resolve of waiting) resolve();
  };
  const emit = async (value: T) => {
    if (stop) return;
    queue.push(value);
    wake();
    while (queue.length - head >= highWaterMark && !stop)
      await new Promise<void>((resolve) => waitingForRoom.push(resolve));
  };
  const running = produce(emit, () => stop).then(
    () => {
      done = true;
      wake();
    },
    (error: unknown) => {
      done = true;
      failed = true;
      failure = error;
      wake();
    },
  );

  try {
    for (;;) {
      if (head < queue.length) {
        const value = queue[head]!;
        queue[head] = undefined as T;
        head += 1;
        // Compact now and then, so the array does not keep growing at its front.
        if (head > 1024 && head * 2 > queue.length) {
          queue.splice(0, head);
          head = 0;
        }
        if (queue.length - head < highWaterMark) makeRoom();
        yield value;
        continue;
      }
      if (done) {
        if (failed) throw failure;
        return;
      }
      await new Promise<void>((resolve) => {
        wakeReader = resolve;
      });
    }
  } finally {
    stop = true;
    makeRoom();
    await running;
  }
}
