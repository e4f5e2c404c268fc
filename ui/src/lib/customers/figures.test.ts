import { describe, expect, it, vi } from 'vitest';
import { takeOnce } from './figures';

describe('takeOnce', () => {
  it('gives the early answer once, then asks afresh every time', async () => {
    const ask = vi.fn(() => Promise.resolve('fresh'));
    const take = takeOnce(Promise.resolve('early'), ask);
    expect(await take()).toBe('early');
    expect(ask).not.toHaveBeenCalled();
    expect(await take()).toBe('fresh');
    expect(await take()).toBe('fresh');
    expect(ask).toHaveBeenCalledTimes(2);
  });

  it('asks at once without an early answer', async () => {
    const ask = vi.fn(() => Promise.resolve(1));
    expect(await takeOnce(undefined, ask)()).toBe(1);
    expect(ask).toHaveBeenCalledTimes(1);
  });

  it('passes an early failure on to the part that takes it', async () => {
    const early = Promise.reject(new Error('gone'));
    early.catch(() => {});
    await expect(takeOnce(early, () => Promise.resolve(0))()).rejects.toThrow('gone');
  });
});
