import { ValidationError } from '../errors/index.ts';

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Returns the base URL without a trailing slash, or throws a ValidationError. Credentials travel in
 * every request, so only `https` is allowed, except on loopback, where the mock servers and tests run.
 */
export function checkBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    if (typeof baseUrl !== 'string') throw new TypeError('not a string');
    url = new URL(baseUrl);
  } catch {
    throw new ValidationError([{ path: 'baseUrl', message: 'is not an absolute URL' }]);
  }
  if (url.href.includes('?') || url.href.includes('#')) {
    // The API's paths are appended to the base URL: they would land inside the query or the fragment.
    throw new ValidationError([{ path: 'baseUrl', message: 'must not have a query string or a fragment' }]);
  }
  if (url.username || url.password) {
    throw new ValidationError([{ path: 'baseUrl', message: 'must not contain credentials' }]);
  }
  const allowed = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
  if (!allowed) {
    throw new ValidationError([
      { path: 'baseUrl', message: 'must use https (plain http is allowed only on loopback, for mock servers)' },
    ]);
  }
  return url.href.replace(/\/+$/, '');
}
