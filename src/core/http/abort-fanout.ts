/**
 * One listener per caller signal, however many requests share it. A batch of 1,000 calls given one AbortSignal
 * would otherwise add 1,000 listeners to it, and Node prints a MaxListenersExceededWarning past 10 (it also costs
 * a linear scan per removal). The fan-out keeps the listeners in a Set and removes its own when the Set empties.
 */
const listenersBySignal = new WeakMap<AbortSignal, { listeners: Set<() => void>; dispatch: () => void }>();

/** Calls `listener` once when `signal` aborts; returns the function that stops listening. */
export function onAbort(signal: AbortSignal, listener: () => void): () => void {
  let entry = listenersBySignal.get(signal);
  if (!entry) {
    const listeners = new Set<() => void>();
    const dispatch = () => {
      listenersBySignal.delete(signal);
      for (const each of [...listeners]) each();
    };
    entry = { listeners, dispatch };
    listenersBySignal.set(signal, entry);
    signal.addEventListener('abort', dispatch, { once: true });
  }
  const { listeners, dispatch } = entry;
  listeners.add(listener);
  return () => {
    if (!listeners.delete(listener) || listeners.size > 0) return;
    if (listenersBySignal.get(signal)?.listeners === listeners) listenersBySignal.delete(signal);
    signal.removeEventListener('abort', dispatch);
  };
}
