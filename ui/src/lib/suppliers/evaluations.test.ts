import { describe, expect, it } from 'vitest';
import type { Evaluation } from '../bindings';
import { averageRating, emptyEvaluationDraft, inputFromEvaluationDraft, quarterOf, sortEvaluations } from './evaluations';

const ev = (id: string, period: string, created_at: string): Evaluation => ({
  id,
  period,
  cooperation: 4,
  service: 3,
  technology: 5,
  comment: '',
  created_at,
});

describe('evaluations', () => {
  it('default to the current quarter with middle ratings', () => {
    expect(quarterOf('2026-11-23')).toBe('2026-Q4');
    expect(quarterOf('2026-01-01')).toBe('2026-Q1');
    expect(quarterOf('2026-06-30')).toBe('2026-Q2');
    expect(emptyEvaluationDraft('2026-07-01')).toEqual({ period: '2026-Q3', cooperation: 3, service: 3, technology: 3, comment: '' });
  });

  it('convert to EvaluationInput', () => {
    expect(inputFromEvaluationDraft('s1', { period: ' 2026-q4 ', cooperation: 5, service: 4, technology: 2, comment: ' ok ' })).toEqual({
      supplier_id: 's1',
      period: '2026-Q4',
      cooperation: 5,
      service: 4,
      technology: 2,
      comment: 'ok',
    });
  });

  it('average the three ratings to one decimal', () => {
    expect(averageRating({ cooperation: 4, service: 3, technology: 5 })).toBe('4.0');
    expect(averageRating({ cooperation: 4, service: 4, technology: 3 })).toBe('3.7');
    expect(averageRating({ cooperation: 1, service: 1, technology: 2 })).toBe('1.3');
  });

  it('sort newest period first, months and quarters interleaved', () => {
    const list = [ev('a', '2026-Q3', '1'), ev('b', '2026-11', '2'), ev('c', '2026-Q4', '3'), ev('d', '2026-Q4', '4'), ev('e', '2025-12', '5')];
    expect(sortEvaluations(list).map((e) => e.id)).toEqual(['d', 'c', 'b', 'a', 'e']);
  });
});
