/** Response headers that carry a request id, most specific first. CM's gateway sits behind Cloudflare. */
const REQUEST_ID_HEADERS = ['request-id', 'x-request-id', 'x-correlation-id', 'cf-ray'];

export function requestIdOf(headers: Headers): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name);
    if (value) return value;
  }
  return undefined;
}
