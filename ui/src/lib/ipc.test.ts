import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const ipc = await import('./ipc');

beforeEach(() => {
  invoke.mockReset();
});

describe('toCommandError', () => {
  it('keeps a backend error as it is', () => {
    expect(ipc.toCommandError({ code: 'invalid_email', message: 'bad email', field: 'email' })).toEqual({
      code: 'invalid_email',
      message: 'bad email',
      field: 'email',
    });
  });

  it('fills a missing field and message', () => {
    expect(ipc.toCommandError({ code: 'not_found' })).toEqual({ code: 'not_found', message: '', field: null });
    expect(ipc.toCommandError({ code: 'storage', message: 'disk', field: '' })).toEqual({
      code: 'storage',
      message: 'disk',
      field: null,
    });
  });

  it('turns anything else into internal', () => {
    expect(ipc.toCommandError('command customer_list not found')).toEqual({
      code: 'internal',
      message: 'command customer_list not found',
      field: null,
    });
    expect(ipc.toCommandError(new TypeError('boom'))).toEqual({ code: 'internal', message: 'boom', field: null });
    expect(ipc.toCommandError({ code: 'teapot', message: 'short and stout', field: 'x' })).toEqual({
      code: 'internal',
      message: 'short and stout',
      field: null,
    });
    expect(ipc.toCommandError({ code: 42 })).toEqual({ code: 'internal', message: '{"code":42}', field: null });
    expect(ipc.toCommandError(null).code).toBe('internal');
    expect(ipc.toCommandError(undefined).code).toBe('internal');
  });

  it('knows every error code', () => {
    for (const code of ipc.ERROR_CODES) expect(ipc.isErrorCode(code)).toBe(true);
    expect(ipc.isErrorCode('toString')).toBe(false);
    for (const code of ['invalid_choice', 'invalid_date', 'date_order', 'unreachable_contact', 'invalid_segment']) {
      expect(ipc.isErrorCode(code)).toBe(true);
    }
  });
});

describe('call and wrappers', () => {
  it('pass the command name and args through', async () => {
    invoke.mockResolvedValueOnce({ items: [], total: 0, page: 0, page_size: 50 });
    const filter = {
      tags: [],
      channels: [],
      payment_methods: [],
      country: null,
      province: null,
      city: null,
      scope: null,
      lifecycles: [],
      owners: [],
      tiers: [],
      rfm_segments: [],
      product_stages: [],
      frequency_bands: [],
    };
    const query = { page: 0, page_size: 50, sort: 'name' as const, descending: false, search: null, filter };
    await expect(ipc.customerList(query)).resolves.toEqual({ items: [], total: 0, page: 0, page_size: 50 });
    expect(invoke).toHaveBeenCalledWith('customer_list', { query });

    invoke.mockResolvedValueOnce(null);
    await ipc.customerUpdate('id-1', {
      kind: 'person',
      name: 'A',
      phone: '',
      email: '',
      country: '',
      province: '',
      city: '',
      tags: [],
      credit_limit: '',
      currency: 'CNY',
      notes: '',
      channel: '',
      payment_method: '',
      payment_terms: '',
      lifecycle: '',
      lifecycle_pinned: false,
      owner: '',
      contacts: [],
      addresses: [],
    });
    expect(invoke).toHaveBeenLastCalledWith('customer_update', expect.objectContaining({ id: 'id-1' }));

    invoke.mockResolvedValueOnce(null);
    await ipc.setLocale('zh-CN');
    expect(invoke).toHaveBeenLastCalledWith('settings_set_locale', { locale: 'zh-CN' });

    invoke.mockResolvedValueOnce(null);
    await ipc.customerDelete('id-2');
    expect(invoke).toHaveBeenLastCalledWith('customer_delete', { id: 'id-2' });
  });

  it('name the new commands and their args as the bindings do', async () => {
    invoke.mockResolvedValue([]);
    await ipc.customerSearch('hw', 20);
    expect(invoke).toHaveBeenLastCalledWith('customer_search', { q: 'hw', limit: 20 });
    await ipc.customerTimeline('c1', 100);
    expect(invoke).toHaveBeenLastCalledWith('customer_timeline', { id: 'c1', limit: 100 });
    await ipc.followUps('overdue', '2026-11-23');
    expect(invoke).toHaveBeenLastCalledWith('follow_ups', { range: 'overdue', today: '2026-11-23' });
    await ipc.followUpComplete('i1', '');
    expect(invoke).toHaveBeenLastCalledWith('follow_up_complete', { id: 'i1', note: '' });
    await ipc.customerDuplicates({ name: 'A', phones: [], emails: [], exclude: null });
    expect(invoke).toHaveBeenLastCalledWith('customer_duplicates', {
      query: { name: 'A', phones: [], emails: [], exclude: null },
    });
    await ipc.segmentDelete('s1');
    expect(invoke).toHaveBeenLastCalledWith('segment_delete', { id: 's1' });
    await ipc.setHomeCountry('CN');
    expect(invoke).toHaveBeenLastCalledWith('settings_set_home_country', { country: 'CN' });
    invoke.mockReset();
  });

  it('reject with a normalised CommandError', async () => {
    invoke.mockRejectedValueOnce({ code: 'required', message: 'name is required', field: 'name' });
    await expect(ipc.customerGet('x')).rejects.toEqual({ code: 'required', message: 'name is required', field: 'name' });

    invoke.mockRejectedValueOnce('unexpected string');
    await expect(ipc.appInfo()).rejects.toEqual({ code: 'internal', message: 'unexpected string', field: null });

    invoke.mockImplementationOnce(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'invoke')");
    });
    await expect(ipc.call('app_info', {})).rejects.toMatchObject({ code: 'internal', field: null });
  });
});
