import { describe, expect, it } from 'vitest';
import { cancel, latestOnly } from './latest';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('latestOnly', () => {
  it('reports only the newest request, whatever order the answers come in', async () => {
    const run = latestOnly();
    const seen: string[] = [];
    const a = deferred<string>();
    const b = deferred<string>();
    run(a.promise, (v) => seen.push(v), () => seen.push('error'));
    run(b.promise, (v) => seen.push(v), () => seen.push('error'));
    b.resolve('b');
    a.resolve('a');
    await Promise.allSettled([a.promise, b.promise]);
    await new Promise((r) => setTimeout(r, 0));
    expect(seen).toEqual(['b']);
  });

  it('reports a failure of the newest and drops answers after a cancel', async () => {
    const run = latestOnly();
    const seen: string[] = [];
    const a = deferred<string>();
    run(a.promise, (v) => seen.push(v), () => seen.push('error'));
    a.reject(new Error('x'));
    await new Promise((r) => setTimeout(r, 0));
    const b = deferred<string>();
    run(b.promise, (v) => seen.push(v), () => seen.push('error'));
    cancel(run);
    b.resolve('late');
    await new Promise((r) => setTimeout(r, 0));
    expect(seen).toEqual(['error']);
  });
});
