/**
 * A public entry as users import it: by the package's name, which Node resolves to this package itself, through
 * package.json `exports` (dist/bundle/node on Node, built by `npm run bench` first). The name is built at run time
 * so the type checker does not need dist/; the types are the sources'.
 */
export function entry<T>(name: string): Promise<T> {
  const specifier = `switchboard/${name}`;
  return import(specifier) as Promise<T>;
}

/** CM's answer to a one-recipient send, for the benchmarks that stub the transport. */
const CM_ACCEPTED = JSON.stringify({
  details: 'Created 1 message(s)',
  errorCode: 0,
  messages: [
    { to: '00447911123456', status: 'Accepted', reference: null, parts: 1, messageDetails: null, messageErrorCode: 0 },
  ],
});

/** A fetch that answers every request as CM accepting one recipient, at once: the transport, stubbed. */
export const cmAcceptingStub = async (): Promise<Response> =>
  new Response(CM_ACCEPTED, { status: 200, headers: { 'content-type': 'application/json' } });
