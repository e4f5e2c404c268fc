// One request at a time that matters: when the inputs change before an answer arrives, the
// older answer is dropped, so a slow reply to an earlier choice never overwrites a newer one.
// (Paged lists have their own loader in list/; this is for single answers.)

export type Latest = <T>(request: Promise<T>, done: (value: T) => void, failed: (err: unknown) => void, settled?: () => void) => void;

/** A function that runs requests and reports only the newest one's outcome. */
export function latestOnly(): Latest {
  let seq = 0;
  return (request, done, failed, settled) => {
    const mine = ++seq;
    request.then(
      (value) => {
        if (mine === seq) done(value);
      },
      (err: unknown) => {
        if (mine === seq) failed(err);
      },
    ).finally(() => {
      if (mine === seq) settled?.();
    });
  };
}

/** Drops the answer of whatever is in flight (the inputs became incomplete). */
export function cancel(latest: Latest): void {
  latest(new Promise<never>(() => {}), () => {}, () => {});
}
