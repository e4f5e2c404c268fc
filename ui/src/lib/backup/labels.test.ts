import { describe, expect, it } from 'vitest';
import { formatBytes, recordKindKey } from './labels';

describe('backup labels', () => {
  it('formats sizes', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(622 * 1024 * 1024)).toBe('622 MB');
  });
  it('names known record kinds only', () => {
    expect(recordKindKey('customers')).toBe('backup.kind.customers');
    expect(recordKindKey('device')).toBeNull();
  });
});
