/**
 * One attempt's deadline: it fires after `timeoutMs`, or when the caller's signal aborts, and is cleared when the
 * attempt ends. It is not an AbortSignal: in Node 20 an AbortController with one listener costs more than the rest
 * of the transport (the stubbed-overhead measure in BENCHMARKS.md). A parts sender (the Node transport) listens on the deadline itself, which has the
 * part of AbortSignal that undici reads (`aborted`, `reason`, `addEventListener`); a WHATWG fetch gets a real
 * AbortSignal, made only then.
 */

import { onAbort } from './abort-fanout.ts';

/** What a parts sender may read of its signal: a real AbortSignal has it, and so has a Deadline. */
export interface CancelSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export class Deadline implements CancelSignal {
  aborted = false;
  reason: unknown = undefined;
  /** Whether it fired because time ran out (rather than the caller aborting). */
  timedOut = false;
  #listeners: Array<() => void> = [];
  #controller: AbortController | undefined;
  readonly #timer: ReturnType<typeof setTimeout>;
  readonly #stopListening: (() => void) | undefined;

  constructor(timeoutMs: number, caller: AbortSignal | null) {
    this.#timer = setTimeout(() => {
      this.timedOut = true;
      this.#abort(new DOMException(`Request timed out after ${timeoutMs} ms`, 'TimeoutError'));
    }, timeoutMs);
    if (caller?.aborted) {
      this.#abort(caller.reason);
    } else if (caller) {
      this.#stopListening = onAbort(caller, () => this.#abort(caller.reason));
    }
  }

  addEventListener(type: 'abort', listener: () => void): void {
    if (type === 'abort' && !this.aborted) this.#listeners.push(listener);
  }

  removeEventListener(type: 'abort', listener: () => void): void {
    if (type !== 'abort') return;
    const index = this.#listeners.indexOf(listener);
    if (index !== -1) this.#listeners.splice(index, 1);
  }

  /** A real AbortSignal that follows this deadline, for a WHATWG fetch. */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.aborted) this.#controller.abort(this.reason);
    }
    return this.#controller.signal;
  }

  /** Ends the deadline when the attempt is over: the timer and the listener on the caller's signal go. */
  clear(): void {
    clearTimeout(this.#timer);
    this.#stopListening?.();
    this.#listeners = [];
  }

  #abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.#controller?.abort(reason);
    for (const listener of this.#listeners.splice(0)) listener();
  }
}
