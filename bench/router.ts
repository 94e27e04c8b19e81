/**
 * The router's cost over the client it picks: `Switchboard.send` over one CmClient against that client's own
 * `messages.send`, the same message, the same stub transport, so only the routing (message check, E.164 through
 * libphonenumber-js, strategy, breaker, result) is compared.
 */
import { cmAcceptingStub, entry } from './entry.ts';
import { interleaved, type Interleaved } from './interleaved.ts';

const TOKEN = '00000000-0000-0000-0000-000000000000';

export async function routerOverhead(options: { rounds: number; timeMs: number }): Promise<Interleaved> {
  const { CmClient } = await entry<typeof import('../src/cm/index.ts')>('cm');
  const { Switchboard } = await entry<typeof import('../src/router/index.ts')>('router');
  const cm = new CmClient({ productToken: TOKEN, fetch: cmAcceptingStub });
  const router = new Switchboard({ providers: [cm] });
  return interleaved(
    {
      'CmClient.messages.send': () => cm.messages.send({ from: 'Acme', to: '+447911123456', body: 'Hello' }),
      'Switchboard.send over that client': () => router.send({ from: 'Acme', to: '+447911123456', text: 'Hello' }),
    },
    'CmClient.messages.send',
    'Switchboard.send over that client',
    options,
  );
}
