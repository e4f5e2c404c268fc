import { describe, expect, it } from 'vitest';
import { parseHistoryNote } from './history';

describe('status change notes', () => {
  it('recognise back-order and credit override notes', () => {
    expect(parseHistoryNote('back-order: 2 line(s) short; credit override: open 800.00 + order 300.00 > limit 1000.00')).toEqual([
      { kind: 'backorder', lines: 2 },
      { kind: 'credit_override', open: '800.00', order: '300.00', limit: '1000.00' },
    ]);
  });

  it('keep anything else as written', () => {
    expect(parseHistoryNote('')).toEqual([]);
    expect(parseHistoryNote('something new')).toEqual([{ kind: 'text', text: 'something new' }]);
  });
});
