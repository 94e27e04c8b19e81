import { compactPhoneNumber } from '../core/phone.ts';

/** Webex wants E.164 (`+447911123456`); people also write `0044 7911-123456`. */
export function normalizePhoneNumber(raw: string): string {
  const compact = compactPhoneNumber(raw, 'msisdn');
  return compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
}
