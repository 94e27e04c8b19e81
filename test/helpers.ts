import type { FetchLike } from '../src/core/http/transport.ts';

export interface RecordedExchange {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  status: number;
  /** What Prism found wrong with the request (`sl-violations`), if anything. */
  violations: Array<{ location: string[]; severity: string; message: string }>;
}

/**
 * A fetch for contract tests: passes requests on to the mock, records each exchange, and keeps Prism's
 * `sl-violations` header, which lists how a request broke the spec. `assertNoViolations` then fails the
 * test whenever a client sent something the spec forbids, even if the mock's answer looked plausible.
 */
export function recordingFetch(): FetchLike & { exchanges: RecordedExchange[]; assertNoViolations(): void } {
  const exchanges: RecordedExchange[] = [];
  const fetchImpl = async (input: Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const text = await request.clone().text();
    const response = await globalThis.fetch(request);
    const header = response.headers.get('sl-violations');
    exchanges.push({
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
      body: text ? JSON.parse(text) : undefined,
      status: response.status,
      violations: header ? JSON.parse(header) : [],
    });
    return response;
  };
  return Object.assign(fetchImpl, {
    exchanges,
    assertNoViolations() {
      const broken = exchanges.filter((exchange) => exchange.violations.some((v) => v.severity === 'Error'));
      if (broken.length > 0) {
        const detail = broken.flatMap((exchange) =>
          exchange.violations.map((v) => `${exchange.method} ${exchange.url}: ${v.message}`),
        );
        throw new Error(`The mock refused requests that break the spec:\n  ${detail.join('\n  ')}`);
      }
    },
  });
}

/** Wraps a fetch to ask Prism for one of the spec's named examples or statuses (`code=400, example=unknownToken`). */
export function preferring(inner: FetchLike, prefer: string): FetchLike {
  return (request: Request) => {
    const withPrefer = new Request(request);
    withPrefer.headers.set('Prefer', prefer);
    return inner(withPrefer);
  };
}

/** A fetch that must never be called: for checks that bad input fails before any request. */
export function countingFetch(): FetchLike & { calls: number } {
  const fetchImpl = async (): Promise<Response> => {
    counter.calls += 1;
    return new Response('{}', { status: 500 });
  };
  const counter = Object.assign(fetchImpl, { calls: 0 });
  return counter;
}

export const TOKEN = '00000000-0000-0000-0000-000000000000';

/** A well-formed JWT that means nothing: the mocks check only that a bearer token is present. */
export const COMAPI_TOKEN = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzd2l0Y2hib2FyZC10ZXN0In0.c2lnbmF0dXJl';
export const API_SPACE = '53364198-3f3f-4723-ab8f-70680c1113b1';
