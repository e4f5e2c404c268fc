import { describe, expect, it } from 'vitest';
import {
  categoriesFor,
  categoryFits,
  COMPLAINT_CATEGORIES,
  FEEDBACK_CATEGORIES,
  FEEDBACK_KINDS,
  hasSla,
  IMPROVEMENT_CATEGORIES,
  isCarrierCause,
  isFeedbackCategory,
} from './choices';

describe('categories per kind', () => {
  it('are the complaint categories for complaints and improvements for other feedback', () => {
    expect(categoriesFor('complaint')).toEqual([
      'quality',
      'late_delivery',
      'wrong_item',
      'wrong_quantity',
      'damaged',
      'billing',
      'service_attitude',
      'other',
    ]);
    for (const k of ['suggestion', 'mystery_shopper', 'suggestion_box']) {
      expect(categoriesFor(k)).toEqual(['product_idea', 'service_improvement', 'delivery_improvement', 'pricing', 'other']);
    }
  });

  it('fit their kind as core checks it ("other" fits every kind)', () => {
    expect(categoryFits('damaged', 'complaint')).toBe(true);
    expect(categoryFits('damaged', 'suggestion')).toBe(false);
    expect(categoryFits('pricing', 'complaint')).toBe(false);
    expect(categoryFits('pricing', 'suggestion_box')).toBe(true);
    for (const k of FEEDBACK_KINDS) expect(categoryFits('other', k)).toBe(true);
    expect(categoryFits('', 'complaint')).toBe(false);
  });

  it('cover every category exactly once between the two sets', () => {
    const both = new Set([...COMPLAINT_CATEGORIES, ...IMPROVEMENT_CATEGORIES]);
    expect([...both].sort()).toEqual([...FEEDBACK_CATEGORIES].sort());
    expect(isFeedbackCategory('damaged')).toBe(true);
    expect(isFeedbackCategory('nope')).toBe(false);
  });

  it('give only complaints an SLA; carrier causes point at carriers', () => {
    expect(FEEDBACK_KINDS.filter(hasSla)).toEqual(['complaint']);
    expect(isCarrierCause('carrier_damage')).toBe(true);
    expect(isCarrierCause('carrier_delay')).toBe(true);
    expect(isCarrierCause('product_defect')).toBe(false);
  });
});
