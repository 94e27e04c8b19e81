/** The router's numbers: libphonenumber-js's verdicts, and a typed error when it cannot be loaded. */
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.doUnmock('libphonenumber-js/min');
  vi.resetModules();
});

describe('readRecipient', () => {
  it('writes international numbers in E.164 with their country, and refuses what cannot exist', async () => {
    const { loadPhoneParser, readRecipient } = await import('../../src/router/phone-numbers.ts');
    const { ValidationError } = await import('../../src/core/errors/index.ts');
    const parse = await loadPhoneParser();
    expect(readRecipient(parse, '0044 (7911) 123-456', 'to')).toEqual({
      e164: '+447911123456',
      country: 'GG',
      callingCode: '44',
    });
    expect(readRecipient(parse, '+1 415 555 0100', 'to')).toMatchObject({ e164: '+14155550100', country: 'US' });
    for (const bad of ['12', '+4479111234', '07911 123456', '+44 7911 123456 ext 2', '', 44]) {
      expect(() => readRecipient(parse, bad, 'to')).toThrow(ValidationError);
    }
  });
});

describe('loadPhoneParser', () => {
  it('a failed load is a SwitchboardError, and the next call tries again', async () => {
    vi.doMock('libphonenumber-js/min', () => {
      throw new Error('Cannot find module libphonenumber-js/min');
    });
    const { loadPhoneParser } = await import('../../src/router/phone-numbers.ts');
    // The module was loaded afresh (resetModules), so its error classes are too.
    const errors = await import('../../src/core/errors/index.ts');
    const error = await loadPhoneParser().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errors.SwitchboardError);
    expect((error as Error).message).toMatch(/could not load libphonenumber-js/);
    vi.doUnmock('libphonenumber-js/min');
    expect(typeof (await loadPhoneParser())).toBe('function');
  });
});
