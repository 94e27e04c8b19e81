/**
 * Strategies, the circuit breaker and the router's options, against a counting fetch per provider (no sockets:
 * these tests are about which provider is asked, not about HTTP).
 */
import { describe, expect, it } from 'vitest';
import { CmClient } from '../../src/cm/index.ts';
import type { FetchLike } from '../../src/core/http/transport.ts';
import { CircuitOpenError, Switchboard, ValidationError, type RoutingStrategy } from '../../src/index.ts';
import { CircuitBreaker } from '../../src/router/circuit-breaker.ts';
import { WebexClient } from '../../src/webex/index.ts';
import { TOKEN } from '../helpers.ts';
import { cmAcceptedAnswer } from '../support/loopback-server.ts';

const MESSAGE = { from: 'Acme', text: 'Hello' };
const GB = '+447911123456';
const US = '+14155550100';
const NL = '+31612345678';

/** A fetch that answers like the provider, or fails as `mode` says, and remembers the recipients it saw. */
function providerFetch(kind: 'cm' | 'webex') {
  const state = { mode: 'ok' as 'ok' | 'down' | 'refuse', seen: [] as string[], requests: 0 };
  const fetch: FetchLike = async (input, init) => {
    state.requests += 1;
    const request = input instanceof Request ? input : new Request(input, init);
    const body = JSON.parse(await request.text());
    if (state.mode === 'down')
      return new Response('{"message":"busy"}', { status: 503, headers: { 'retry-after': '1' } });
    if (state.mode === 'refuse') return new Response('{"message":"bad"}', { status: 400 });
    if (kind === 'cm') {
      for (const msg of body.messages.msg) for (const to of msg.to) state.seen.push(to.number);
      return Response.json(cmAcceptedAnswer(body));
    }
    state.seen.push(body.to);
    return Response.json({ messageId: `w-${state.requests}` }, { status: 202 });
  };
  return Object.assign(state, { fetch });
}

function setup(
  strategy?: RoutingStrategy,
  circuitBreaker?: ConstructorParameters<typeof Switchboard>[0]['circuitBreaker'],
) {
  const cmFetch = providerFetch('cm');
  const webexFetch = providerFetch('webex');
  const cm = new CmClient({ productToken: TOKEN, fetch: cmFetch.fetch });
  const webex = new WebexClient({ serviceKey: 'service-key-1', region: 'eu', fetch: webexFetch.fetch });
  const router = new Switchboard({ providers: [cm, webex], strategy, circuitBreaker });
  return { router, cmFetch, webexFetch, cm, webex };
}

async function providersFor(router: Switchboard, numbers: string[]): Promise<Array<string | undefined>> {
  const result = await router.send({ ...MESSAGE, to: numbers });
  return result.recipients.map((recipient) => recipient.provider);
}

describe('strategies', () => {
  it('failover (the default) always starts with the first provider', async () => {
    const { router } = setup();
    expect(await providersFor(router, [GB, US, NL])).toEqual(['cm', 'cm', 'cm']);
  });

  it('round-robin starts each recipient at the next provider', async () => {
    const { router } = setup('round-robin');
    expect(await providersFor(router, [GB, US, NL])).toEqual(['cm', 'webex', 'cm']);
    expect(await providersFor(router, [GB])).toEqual(['webex']);
  });

  it('weighted draws the first provider by weight, and the others remain failovers', async () => {
    const draws = [0.1, 0.74, 0.76, 0.99];
    const { router, webexFetch } = setup({
      type: 'weighted',
      weights: { cm: 3, webex: 1 },
      random: () => draws.shift()!,
    });
    expect(await providersFor(router, [GB, US, NL, '+4915112345678'])).toEqual(['cm', 'cm', 'webex', 'webex']);
    webexFetch.mode = 'down';
    const { router: again, webexFetch: down } = setup({ type: 'weighted', weights: { webex: 1 } });
    down.mode = 'down';
    expect(await providersFor(again, [GB])).toEqual(['cm']);
  });

  it('by-country routes by ISO country, then calling code, then otherwise', async () => {
    const { router } = setup({
      type: 'by-country',
      routes: { US: ['webex', 'cm'], '+44': ['webex'] },
      otherwise: ['cm'],
    });
    // +44 7911 is a Guernsey range to libphonenumber-js, so the calling code is what catches it.
    expect(await providersFor(router, [US, GB, NL])).toEqual(['webex', 'webex', 'cm']);
  });

  it('a function strategy is checked: an unknown name or a throw fails that recipient, unsent', async () => {
    const { router, cmFetch } = setup((recipient) => (recipient.country === 'NL' ? ['nobody'] : ['cm']));
    const result = await router.send({ ...MESSAGE, to: [NL, US] });
    expect(result.recipients.map((recipient) => recipient.ok)).toEqual([false, true]);
    expect(!result.recipients[0]!.ok && result.recipients[0]!.error).toBeInstanceOf(ValidationError);
    expect(cmFetch.seen).toEqual(['0014155550100']);
    const { router: throwing } = setup(() => {
      throw new Error('boom');
    });
    const thrown = await throwing.send({ ...MESSAGE, to: GB });
    expect(thrown).toMatchObject({ ok: false, outcome: 'rejected', recipients: [{ ok: false, attempts: [] }] });
  });

  it('strategies naming providers that do not exist are refused at construction', () => {
    for (const strategy of [
      'random',
      { type: 'weighted', weights: { sinch: 1 } },
      { type: 'weighted', weights: { cm: -1 } },
      { type: 'weighted', weights: { cm: 0 } },
      { type: 'by-country', routes: { GB: ['sinch'] } },
      { type: 'by-country', routes: { 'Great Britain': ['cm'] } },
      { type: 'by-country', routes: { GB: [] } },
    ]) {
      expect(() => setup(strategy as RoutingStrategy)).toThrow(ValidationError);
    }
  });
});

describe('the circuit breaker', () => {
  it('opens after the threshold, skips the provider while open, lets one trial through after the cool-down, and closes', async () => {
    let now = 0;
    const { router, cmFetch, webexFetch } = setup(undefined, { failureThreshold: 2, cooldownMs: 1000, now: () => now });
    cmFetch.mode = 'down';
    for (let i = 0; i < 2; i += 1) await router.send({ ...MESSAGE, to: GB });
    expect(cmFetch.requests).toBe(2);
    expect(router.circuits()).toEqual({ cm: 'open', webex: 'closed' });

    const skipped = await router.send({ ...MESSAGE, to: GB });
    expect(cmFetch.requests).toBe(2);
    expect(skipped.recipients[0]!.attempts.map((attempt) => [attempt.provider, attempt.outcome])).toEqual([
      ['cm', 'skipped'],
      ['webex', 'accepted'],
    ]);

    now = 1000;
    expect(router.circuits().cm).toBe('half-open');
    // Half-open: the first recipient is the trial; the second skips CM while the trial is out.
    cmFetch.mode = 'ok';
    const trial = await router.send({ ...MESSAGE, to: [GB, US] });
    expect(trial.recipients.map((recipient) => recipient.provider)).toEqual(['cm', 'webex']);
    expect(router.circuits().cm).toBe('closed');
    expect(webexFetch.requests).toBe(4);
  });

  it('a failed trial opens the circuit again for another cool-down', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 10, now: () => now });
    breaker.recordFailure();
    expect(breaker.tryAcquire()).toBe(false);
    now = 10;
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    now = 19;
    expect(breaker.state).toBe('open');
    now = 20;
    expect(breaker.state).toBe('half-open');
  });

  it('refused messages say nothing of the provider: they never open it', async () => {
    const { router, cmFetch } = setup(undefined, { failureThreshold: 1 });
    cmFetch.mode = 'refuse';
    await router.send({ ...MESSAGE, to: GB });
    await router.send({ ...MESSAGE, to: GB });
    expect(router.circuits().cm).toBe('closed');
    expect(cmFetch.requests).toBe(2);
  });

  it('one failed request counts once, however many messages it carried', async () => {
    const { router, cmFetch } = setup(undefined, { failureThreshold: 2 });
    cmFetch.mode = 'down';
    await router.sendBatch([GB, US, NL].map((to) => ({ ...MESSAGE, to })));
    expect(cmFetch.requests).toBe(1);
    expect(router.circuits().cm).toBe('closed');
  });

  it('when every provider is cooling down, nothing is sent and the error says so', async () => {
    const { router, cmFetch, webexFetch } = setup(undefined, { failureThreshold: 1, now: () => 0 });
    cmFetch.mode = 'down';
    webexFetch.mode = 'down';
    await router.send({ ...MESSAGE, to: GB });
    const result = await router.send({ ...MESSAGE, to: GB });
    expect(cmFetch.requests + webexFetch.requests).toBe(2);
    expect(result).toMatchObject({ ok: false, outcome: 'rejected' });
    expect(!result.ok && result.error).toBeInstanceOf(CircuitOpenError);
  });
});

describe('options', () => {
  it('refuses what is not a set of distinct clients', () => {
    const { cm } = setup();
    for (const providers of [undefined, [], [{}], ['cm'], [cm, cm], [cm, { name: 'a b', client: cm }]]) {
      expect(() => new Switchboard({ providers } as never)).toThrow(ValidationError);
    }
    const router = new Switchboard({ providers: [cm, { name: 'cm-backup', client: cm }] });
    expect(router.providers).toEqual(['cm', 'cm-backup']);
  });

  it('refuses fields outside the common message, pointing at the provider client', async () => {
    const { router } = setup();
    await expect(router.send({ ...MESSAGE, to: GB, validityPeriod: 60 } as never)).rejects.toThrow(/provider’s client/);
  });
});
