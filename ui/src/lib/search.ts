// Search as you type without a debounce: at most one request in flight. A query typed while one
// is running waits (only the newest waiting query is kept), and a response is shown only if its
// query is still the current one, so a slow, stale answer never overwrites a newer one.

export type LatestOnly<Q> = {
  /** The user typed `q`: search for it as soon as nothing else is in flight. */
  set(q: Q): void;
  /** Drop everything pending; later responses are ignored (call when the view closes). */
  close(): void;
};

export function latestOnly<Q, R>(
  run: (q: Q) => Promise<R>,
  onResult: (q: Q, result: R) => void,
  onError: (q: Q, err: unknown) => void = () => {},
): LatestOnly<Q> {
  let current: { q: Q } | null = null;
  let pending: { q: Q } | null = null;
  let inFlight: { q: Q } | null = null;
  let closed = false;
  const isCurrent = (q: Q): boolean => !closed && pending === null && current !== null && Object.is(current.q, q);

  const start = (q: Q): void => {
    inFlight = { q };
    let promise: Promise<R>;
    try {
      promise = run(q);
    } catch (err) {
      promise = Promise.reject(err);
    }
    promise
      .then(
        (result) => {
          if (isCurrent(q)) onResult(q, result);
        },
        (err: unknown) => {
          if (isCurrent(q)) onError(q, err);
        },
      )
      .finally(() => {
        inFlight = null;
        const next = pending;
        pending = null;
        if (next && !closed) start(next.q);
      });
  };

  return {
    set(q: Q): void {
      if (closed) return;
      current = { q };
      if (inFlight === null) start(q);
      // the request in flight is for this very query again: its answer will do
      else if (Object.is(inFlight.q, q)) pending = null;
      else pending = { q };
    },
    close(): void {
      closed = true;
      pending = null;
    },
  };
}
