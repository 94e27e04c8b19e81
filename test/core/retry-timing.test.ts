import { describe, expect, it } from 'vitest';
import { backoffDelay, MAX_BACKOFF_MS, requestedDelayMs, retryDelayMs } from '../../src/core/http/retry-timing.ts';
import { judgeFailure, judgeResponse, requestKind } from '../../src/core/http/retry-policy.ts';

const headers = (init: Record<string, string>) => new Headers(init);
const now = Date.parse('2026-11-23T12:00:00Z');

describe('requestedDelayMs', () => {
  it.each([
    ['Retry-After in seconds', { 'retry-after': '3' }, 3000],
    ['Retry-After as an HTTP date', { 'retry-after': 'Mon, 23 Nov 2026 12:00:05 GMT' }, 5000],
    ['a date already past', { 'retry-after': 'Mon, 23 Nov 2026 11:59:00 GMT' }, 0],
    ['retry-after-ms, which wins', { 'retry-after-ms': '250.5', 'retry-after': '3' }, 250.5],
    ['a negative retry-after-ms, ignored for Retry-After', { 'retry-after-ms': '-1', 'retry-after': '2' }, 2000],
    ['fractional seconds, not delta-seconds', { 'retry-after': '1.5' }, undefined],
    ['nonsense', { 'retry-after': 'soon' }, undefined],
    ['nothing', {}, undefined],
  ])('%s', (_name, init, expected) => {
    expect(requestedDelayMs(headers(init), now)).toBe(expected);
  });
});

describe('retryDelayMs', () => {
  it("caps the server's request at the caller's maximum", () => {
    expect(retryDelayMs(1, headers({ 'retry-after': '120' }), 60_000)).toBe(60_000);
  });

  it('backs off exponentially with up to 25 % jitter, capped at 8 s', () => {
    expect(backoffDelay(1, () => 0)).toBe(500);
    expect(backoffDelay(2, () => 0)).toBe(1000);
    expect(backoffDelay(2, () => 1)).toBe(750);
    expect(backoffDelay(10, () => 0)).toBe(MAX_BACKOFF_MS);
  });
});

describe('the retry policy', () => {
  const post = new Request('https://example.com', { method: 'POST' });
  const keyed = new Request('https://example.com', { method: 'POST', headers: { 'Idempotency-Key': 'k' } });
  const facts = { deduplicates: (request: { headers: Headers }) => request.headers.has('Idempotency-Key') };

  it('tells reads, keyed sends and sends apart', () => {
    expect(requestKind(new Request('https://example.com'), facts)).toBe('read');
    expect(requestKind(new Request('https://example.com', { method: 'DELETE' }), facts)).toBe('read');
    expect(requestKind(keyed, facts)).toBe('keyed-send');
    expect(requestKind(keyed, {})).toBe('send');
    expect(requestKind(post, facts)).toBe('send');
    // A conditional write is not repeated: after a lost answer it would meet its own change.
    expect(
      requestKind(new Request('https://example.com', { method: 'PUT', headers: { 'If-Match': '"e1"' } }), facts),
    ).toBe('send');
  });

  it.each([
    ['send', 429, {}, { retry: true, outcomeUnknown: false }],
    ['send', 503, { 'retry-after': '1' }, { retry: true, outcomeUnknown: false }],
    ['send', 503, {}, { retry: false, outcomeUnknown: true }],
    ['send', 500, {}, { retry: false, outcomeUnknown: true }],
    ['send', 400, {}, { retry: false, outcomeUnknown: false }],
    ['keyed-send', 500, {}, { retry: true, outcomeUnknown: true }],
    ['read', 500, {}, { retry: true, outcomeUnknown: false }],
    ['read', 404, {}, { retry: false, outcomeUnknown: false }],
  ] as const)('a %s answered %i %o', (kind, status, init, verdict) => {
    expect(judgeResponse(kind, status, headers(init), '', {})).toEqual(verdict);
  });

  it('retries a send refused by a provider code, and a failure that provably sent nothing', () => {
    expect(
      judgeResponse('send', 400, headers({}), '{"code":"7020"}', { notAccepted: (_s, body) => body.includes('7020') })
        .retry,
    ).toBe(true);
    expect(judgeFailure('send', true)).toEqual({ retry: true, outcomeUnknown: false });
    expect(judgeFailure('send', false)).toEqual({ retry: false, outcomeUnknown: true });
  });
});
