import { describe, expect, it } from 'vitest';
import type { Contract } from '../bindings';
import { daysLeft, draftFromContract, emptyContractDraft, expiryState, inputFromContractDraft, parseWindow } from './contracts';

describe('contract days left', () => {
  it('counts calendar days to the end date', () => {
    expect(daysLeft('2026-11-23', '2026-11-23')).toBe(0);
    expect(daysLeft('2026-12-23', '2026-11-23')).toBe(30);
    expect(daysLeft('2027-01-01', '2026-12-31')).toBe(1);
    expect(daysLeft('2026-11-20', '2026-11-23')).toBe(-3);
    // across the spring DST change and a leap day, still whole days
    expect(daysLeft('2028-03-31', '2028-02-28')).toBe(32);
    expect(daysLeft('soon', '2026-11-23')).toBeNull();
  });

  it('says whether a contract ended, ends soon, runs or has not started', () => {
    const c = (starts_on: string, ends_on: string) => ({ starts_on, ends_on });
    const today = '2026-11-23';
    expect(expiryState(c('2025-01-01', '2026-11-22'), today)).toBe('ended');
    expect(expiryState(c('2025-01-01', '2026-11-23'), today)).toBe('soon');
    expect(expiryState(c('2025-01-01', '2026-12-23'), today)).toBe('soon');
    expect(expiryState(c('2025-01-01', '2026-12-24'), today)).toBe('running');
    expect(expiryState(c('2026-12-01', '2027-12-24'), today)).toBe('future');
    expect(expiryState(c('2025-01-01', '2026-12-10'), today, 7)).toBe('running');
  });
});

describe('contract dialog model', () => {
  it('starts today and runs a year', () => {
    expect(emptyContractDraft('2026-11-23')).toMatchObject({ starts_on: '2026-11-23', ends_on: '2027-11-22', notice_days: '30', auto_renew: false });
    expect(emptyContractDraft('2028-02-29').ends_on).toBe('2029-02-27');
  });

  it('converts to ContractInput with trimmed text and the days as typed', () => {
    const contract: Contract = {
      id: 'k1',
      supplier_id: 's1',
      title: '2026 框架协议',
      starts_on: '2026-01-01',
      ends_on: '2026-12-31',
      terms: '月结 30 天',
      auto_renew: true,
      notice_days: 60,
      reference: 'HT-2026-018',
    };
    const d = draftFromContract(contract);
    expect(d.notice_days).toBe('60');
    d.title = '  2027 框架协议 ';
    expect(inputFromContractDraft('s1', d)).toEqual({
      supplier_id: 's1',
      title: '2027 框架协议',
      starts_on: '2026-01-01',
      ends_on: '2026-12-31',
      terms: '月结 30 天',
      auto_renew: true,
      notice_days: '60',
      reference: 'HT-2026-018',
    });
  });

  it('accepts a reminder window of 1 to 730 whole days', () => {
    expect(parseWindow('30')).toBe(30);
    expect(parseWindow(' 7 ')).toBe(7);
    expect(parseWindow('0')).toBeNull();
    expect(parseWindow('731')).toBeNull();
    expect(parseWindow('1.5')).toBeNull();
    expect(parseWindow('')).toBeNull();
  });
});
