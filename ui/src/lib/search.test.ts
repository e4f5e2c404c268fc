import { describe, expect, it } from 'vitest';
import { latestOnly } from './search';

type Pending = { q: string; resolve: (r: string[]) => void; reject: (e: unknown) => void };

function harness() {
  const calls: Pending[] = [];
  const shown: Array<[string, string[]]> = [];
  const errors: string[] = [];
  const s = latestOnly<string, string[]>(
    (q) =>
      new Promise<string[]>((resolve, reject) => {
        calls.push({ q, resolve, reject });
      }),
    (q, r) => shown.push([q, r]),
    (q) => errors.push(q),
  );
  return { s, calls, shown, errors };
}

const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('latestOnly', () => {
  it('shows an answer to the current query', async () => {
    const { s, calls, shown } = harness();
    s.set('h');
    calls[0]?.resolve(['华为']);
    await flush();
    expect(shown).toEqual([['h', ['华为']]]);
  });

  it('keeps one request in flight and only the newest waiting query', async () => {
    const { s, calls, shown } = harness();
    s.set('h');
    s.set('hw');
    s.set('hwx');
    expect(calls.map((c) => c.q)).toEqual(['h']);
    calls[0]?.resolve(['stale']);
    await flush();
    // the answer for "h" is stale: "hwx" was typed since; "hw" was skipped altogether
    expect(shown).toEqual([]);
    expect(calls.map((c) => c.q)).toEqual(['h', 'hwx']);
    calls[1]?.resolve(['fresh']);
    await flush();
    expect(shown).toEqual([['hwx', ['fresh']]]);
  });

  it('does not re-send the query that is already in flight', async () => {
    const { s, calls, shown } = harness();
    s.set('hw');
    s.set('hwx');
    s.set('hw'); // typed back to what is in flight
    calls[0]?.resolve(['华为']);
    await flush();
    expect(calls.map((c) => c.q)).toEqual(['hw']);
    expect(shown).toEqual([['hw', ['华为']]]);
  });

  it('drops stale errors and reports current ones', async () => {
    const { s, calls, errors } = harness();
    s.set('a');
    s.set('ab');
    calls[0]?.reject(new Error('old'));
    await flush();
    expect(errors).toEqual([]);
    calls[1]?.reject(new Error('new'));
    await flush();
    expect(errors).toEqual(['ab']);
  });

  it('ignores everything after close', async () => {
    const { s, calls, shown } = harness();
    s.set('a');
    s.set('ab');
    s.close();
    calls[0]?.resolve(['x']);
    await flush();
    s.set('abc');
    await flush();
    expect(shown).toEqual([]);
    expect(calls.map((c) => c.q)).toEqual(['a']);
  });
});
