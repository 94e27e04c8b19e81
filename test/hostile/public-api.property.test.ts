/**
 * Every public function and method of every entry point, called with arbitrary values in every argument position
 * against a counting loopback server. The surface is read from the entry modules themselves (exported functions;
 * the clients' resources and their methods), so a method added later is called too. For every call:
 *   - it settles (no hang);
 *   - what it throws or rejects with is a SwitchboardError;
 *   - when that is a ValidationError, no request reached the server.
 * `.raw` is openapi-fetch's own client and is left out; so are error constructors, which are checked to never
 * throw instead.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as root from '../../src/index.ts';
import * as cmEntry from '../../src/cm/index.ts';
import * as comapiEntry from '../../src/comapi/index.ts';
import * as webexEntry from '../../src/webex/index.ts';
import * as nodeEntry from '../../src/node/index.ts';
import * as testingEntry from '../../src/testing/index.ts';
import * as webhooksEntry from '../../src/webhooks/index.ts';
import * as routerEntry from '../../src/router/index.ts';
import { SwitchboardError, ValidationError } from '../../src/core/errors/index.ts';
import { API_SPACE, COMAPI_TOKEN, TOKEN } from '../helpers.ts';
import { providerAnswer, startLoopbackServer, type LoopbackServer } from '../support/loopback-server.ts';
import { hostileArguments, materialize, type Recipe } from './nasty-values.ts';

const RUNS = Number(process.env.HOSTILE_RUNS ?? 100);
const SETTLE_MS = 5_000;

let server: LoopbackServer;
let calls = 0;
const outcomes = { resolved: 0, validation: 0, otherTyped: 0 };
beforeAll(async () => {
  server = await startLoopbackServer(providerAnswer);
});
afterAll(async () => {
  await server.close();
  console.log(
    `public-api property suite: ${calls} hostile calls; ${outcomes.resolved} resolved, ${outcomes.validation} ValidationError, ` +
      `${outcomes.otherTyped} other SwitchboardError; ${server.requests.length} requests reached the server`,
  );
});

type Callable = (...args: unknown[]) => unknown;

function isClass(value: unknown): boolean {
  return typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value));
}

/** Exported functions (not classes) of an entry, by name. */
function exportedFunctions(entry: Record<string, unknown>, prefix: string): Array<[string, Callable]> {
  return Object.entries(entry)
    .filter(([, value]) => typeof value === 'function' && !isClass(value))
    .map(([name, value]) => [`${prefix}.${name}`, value as Callable]);
}

/** The methods of a client's resources, nested resources included (`messages.inbound.statuses.create`), bound. */
function resourceMethods(client: object, prefix: string): Array<[string, Callable]> {
  const found: Array<[string, Callable]> = [];
  const walk = (target: object, path: string, depth: number) => {
    if (depth > 3) return;
    const names = new Set<string>(Object.keys(target));
    for (
      let proto = Object.getPrototypeOf(target);
      proto && proto !== Object.prototype;
      proto = Object.getPrototypeOf(proto)
    ) {
      for (const name of Object.getOwnPropertyNames(proto)) if (name !== 'constructor') names.add(name);
    }
    for (const name of names) {
      if (name === 'raw') continue;
      const value = (target as Record<string, unknown>)[name];
      if (typeof value === 'function') found.push([`${path}.${name}`, (value as Callable).bind(target)]);
      else if (value !== null && typeof value === 'object' && !Array.isArray(value))
        walk(value, `${path}.${name}`, depth + 1);
    }
  };
  walk(client, prefix, 0);
  return found;
}

/** Reads an async iterator (a `sendEach`) to its end: what it throws is its answer, as a promise's rejection is. */
async function drain(iterable: AsyncIterable<unknown>): Promise<unknown[]> {
  const values: unknown[] = [];
  for await (const value of iterable) values.push(value);
  return values;
}

async function settle(value: unknown): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
  if (value !== null && typeof value === 'object' && Symbol.asyncIterator in value)
    return settle(drain(value as AsyncIterable<unknown>));
  if (!(value instanceof Promise)) return { ok: true, value };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not settle within ${SETTLE_MS} ms`)), SETTLE_MS);
  });
  try {
    return { ok: true, value: await Promise.race([value, hang]) };
  } catch (error) {
    return { ok: false, error };
  } finally {
    clearTimeout(timer);
  }
}

async function callHostile(name: string, fn: Callable, recipes: Recipe[]): Promise<void> {
  return callArgs(name, fn, recipes.map(materialize));
}

async function callArgs(name: string, fn: Callable, args: unknown[]): Promise<void> {
  calls += 1;
  const before = server.requests.length;
  let outcome: Awaited<ReturnType<typeof settle>>;
  try {
    outcome = await settle(fn(...args));
  } catch (error) {
    outcome = { ok: false, error };
  }
  if (outcome.ok) {
    outcomes.resolved += 1;
    // A mock server started by a lucky argument is closed again.
    const value = outcome.value as { close?: unknown; url?: unknown } | undefined;
    if (name.endsWith('startMockServer') && typeof value?.close === 'function')
      await (value.close as () => Promise<void>)();
    return;
  }
  const { error } = outcome;
  if (!(error instanceof SwitchboardError)) {
    throw new Error(
      `${name} threw ${String((error as Error)?.name)}: ${String((error as Error)?.message).slice(0, 300)}`,
    );
  }
  if (error instanceof ValidationError) {
    outcomes.validation += 1;
    expect(server.requests.length, `${name} refused its input but sent a request`).toBe(before);
  } else {
    outcomes.otherTyped += 1;
  }
}

const cmMsg = { from: 'Acme', to: '+447911123456', body: 'Hello' };
const comapiMsg = { to: { phoneNumber: '447911123456' }, body: 'Hello', rules: ['sms'] };
const webexSms = { from: 'Acme', to: '+447911123456', content: 'Hello' };
const hook = { name: 'hook', url: 'https://example.com/hook', subscriptions: [{ type: 'message.sent' }] };

/** A valid call of each method (by its path without the client's name), to be broken one argument at a time. */
const VALID_CALLS: Record<string, unknown[]> = {
  'messages.send': [cmMsg, {}],
  'messages.sendBatch': [[cmMsg, cmMsg], { concurrency: 2 }],
  'messages.sendEach': [[cmMsg, cmMsg], { concurrency: 2 }],
  'messages.get': ['m-1', {}],
  'messages.delete': ['m-1', {}],
  'messages.redact': ['m-1', { source: 'chat' }, {}],
  'messages.history': ['p1', { limit: 5 }, {}],
  'messages.statuses.create': ['m-1', 'delivered', { channel: 'sms', timestamp: '2026-01-01T00:00:00Z' }, {}],
  'messages.inbound.create': [{ from: { phoneNumber: '447911123456' }, body: 'hi', channel: 'sms' }, {}],
  'messages.inbound.statuses.create': ['i-1', 'read', { timestamp: '2026-01-01T00:00:00Z' }, {}],
  'profiles.get': ['p1', { includeDeleted: true }],
  'profiles.create': [{ id: 'p1', name: 'Ann' }, {}],
  'profiles.replace': ['p1', { name: 'Ann' }, { etag: '"1"' }],
  'profiles.patch': ['p1', { name: 'Ann' }, { etag: '"1"', deletes: ['x'], allowCreate: true }],
  'profiles.delete': ['p1', { forget: true }],
  'profiles.optIn': ['p1', ['sms'], {}],
  'profiles.optOut': ['p1', ['sms'], {}],
  'profiles.bulkUpsert': [[{ id: 'p1' }, { id: 'p2' }], {}],
  'profiles.bulkDelete': [['p1', 'p2'], {}],
  'profiles.export': [{ format: 'csv' }, { email: { endsWith: '@example.com' } }, {}],
  'profiles.schema': [{}],
  'profiles.query': [{ age: { gte: 18 } }, { limit: 5, skip: 0 }],
  'profiles.relationships.setPrimary': ['p1', 'p2', {}],
  'profiles.relationships.removePrimary': ['p1', 'p2', {}],
  'profiles.relationships.link': ['p1', 'p2', {}],
  'profiles.relationships.unlink': ['p1', 'p2', {}],
  'webhooks.list': [{ includeDeleted: false }],
  'webhooks.create': [hook, {}],
  'webhooks.get': ['h-1', {}],
  'webhooks.update': ['h-1', hook, { etag: '"1"' }],
  'webhooks.delete': ['h-1', { etag: '"1"' }],
  'webhooks.availableEvents': [{ includeSchemas: true }],
  'webhooks.templates': [{}],
  'sms.send': [webexSms, { idempotencyKey: 'key-1' }],
  'sms.get': ['w-1', {}],
  'sms.sendBatch': [[webexSms, webexSms], { concurrency: 2 }],
  'sms.sendEach': [[webexSms, webexSms], { concurrency: 2 }],
  'sms.broadcast': [
    ['+447911123456', { to: '+447911123457', correlationId: 'c' }],
    { content: { type: 'text', text: 'Hello' }, from: 'Acme' },
    { concurrency: 1 },
  ],
};

const routed = { from: 'Acme', to: ['+447911123456', '+14155550100'], text: 'Hello', reference: 'r-1' };
const ROUTER_CALLS: Record<string, unknown[]> = {
  send: [routed, { timeoutMs: 1_000 }],
  sendBatch: [[routed, routed], { concurrency: 2 }],
  circuits: [],
};

const statusReport = { messages: { msg: { to: '00447911123456', reference: 'r1', status: { code: '2' } } } };
const comapiEvent = {
  eventId: '0dceaf0d-93ea-4314-a6f8-b0cffe69799a',
  accountId: 1234,
  apiSpaceId: API_SPACE,
  name: 'message.sent',
  payload: { id: 'm-1' },
  revision: 1,
  timestamp: '2026-01-01T00:00:00Z',
};
const webexCallback = { messageId: 'm-1', status: 'DELIVERED' };

/** A valid call of each exported function that takes input, to be broken one argument or field at a time. */
const VALID_FUNCTION_CALLS: Record<string, () => unknown[]> = {
  'switchboard.createWebhookHandler': () => [{ cm: { token: 't' }, comapi: { secret: 's' }, onEvent: () => {} }],
  'switchboard/webhooks.createWebhookHandler': () => [
    { webex: { secret: 's', authorization: 'Basic x' }, onEvent: () => {}, maxBodyBytes: 1024 },
  ],
  'switchboard/cm.normalizeStatusReport': () => [statusReport],
  'switchboard/comapi.normalizeEvents': () => [[comapiEvent]],
  'switchboard/webex.normalizeCallback': () => [webexCallback],
  'switchboard/node.toNodeListener': () => [async () => new Response(null), { maxBodyBytes: 1024 }],
  'switchboard/testing.cmWebhookRequest': () => [statusReport, { token: 't', url: 'http://localhost/cm' }],
  'switchboard/testing.comapiWebhookRequest': () => [[comapiEvent], { secret: 's' }],
  'switchboard/testing.webexWebhookRequest': () => [
    webexCallback,
    { secret: 's', authorization: 'Basic x', url: 'http://localhost/webex' },
  ],
};

/** The valid call for a method; Comapi's messages take Comapi's message shape, CM's CM's. */
function validCallOf(name: string): unknown[] | undefined {
  const path = name.slice(name.indexOf('.') + 1);
  if (name.startsWith('Comapi') && path === 'messages.send') return [comapiMsg, {}];
  if (name.startsWith('Comapi') && path === 'messages.sendBatch') return [[comapiMsg, comapiMsg], { concurrency: 2 }];
  if (name.startsWith('Comapi') && path === 'messages.sendEach') return [[comapiMsg, comapiMsg], { concurrency: 2 }];
  if (name.startsWith('Switchboard')) return ROUTER_CALLS[path];
  return VALID_CALLS[path];
}

/** The valid call, with one argument replaced (or one field of an object argument set) by a hostile value. */
const brokenValidCall = fc
  .record({ position: fc.nat(3), field: fc.boolean(), recipe: fc.constant(null as unknown as Recipe) })
  .chain((base) => hostileArguments.filter((list) => list.length > 0).map((list) => ({ ...base, recipe: list[0]! })));

function breakCall(valid: unknown[], broken: { position: number; field: boolean; recipe: Recipe }): unknown[] {
  return breakFunctionCall(structuredClone(valid), broken);
}

/**
 * The arguments with one of them (or one field of an object argument) made hostile; changes `args`. breakCall copies
 * a valid call first; calls that hold functions (structuredClone cannot copy them) build their arguments fresh.
 */
function breakFunctionCall(args: unknown[], broken: { position: number; field: boolean; recipe: Recipe }): unknown[] {
  const position = broken.position % (args.length + 1);
  const value = materialize(broken.recipe);
  if (broken.field && args[position] !== null && typeof args[position] === 'object' && !Array.isArray(args[position])) {
    const keys = Object.keys(args[position] as object);
    const key = keys.length > 0 ? keys[broken.position % keys.length]! : 'extra';
    args[position] = { ...(args[position] as object), [key]: value };
  } else {
    args[position] = value;
  }
  return args;
}

function clients() {
  const base = { baseUrl: server.url, maxRetries: 0, timeoutMs: 2_000 };
  const router = new routerEntry.Switchboard({
    providers: [
      new cmEntry.CmClient({ productToken: TOKEN, ...base }),
      new webexEntry.WebexClient({ serviceKey: 'service-key-1', ...base }),
    ],
  });
  return [
    ...resourceMethods(router, 'Switchboard'),
    ...resourceMethods(new cmEntry.CmClient({ productToken: TOKEN, ...base }), 'CmClient'),
    ...resourceMethods(new cmEntry.CmClient({ productToken: TOKEN, tokenIn: 'body', ...base }), 'CmClient(body)'),
    ...resourceMethods(
      new comapiEntry.ComapiClient({ apiSpaceId: API_SPACE, token: COMAPI_TOKEN, ...base }),
      'ComapiClient',
    ),
    ...resourceMethods(new webexEntry.WebexClient({ serviceKey: 'service-key-1', ...base }), 'WebexClient'),
    ...resourceMethods(
      new webexEntry.WebexClient({ serviceId: 'svc', serviceSecret: 'c2VjcmV0LXNlY3JldA==', ...base }),
      'WebexClient(minted)',
    ),
  ];
}

const ENTRIES: Array<[string, Record<string, unknown>]> = [
  ['switchboard', root],
  ['switchboard/cm', cmEntry],
  ['switchboard/comapi', comapiEntry],
  ['switchboard/webex', webexEntry],
  ['switchboard/node', nodeEntry],
  ['switchboard/testing', testingEntry],
  ['switchboard/router', routerEntry],
  ['switchboard/webhooks', webhooksEntry],
];

describe('every public function and method, called with hostile arguments', () => {
  it('covers the whole surface (a guard against this suite silently calling nothing)', () => {
    const methods = clients().map(([name]) => name);
    for (const expected of [
      'CmClient.messages.send',
      'CmClient.messages.sendBatch',
      'CmClient.messages.sendEach',
      'WebexClient.sms.sendEach',
      'ComapiClient.profiles.relationships.link',
      'ComapiClient.messages.inbound.statuses.create',
      'ComapiClient.webhooks.update',
      'WebexClient.sms.broadcast',
      'Switchboard.send',
      'Switchboard.sendBatch',
    ]) {
      expect(methods).toContain(expected);
    }
    const functions = ENTRIES.flatMap(([prefix, entry]) => exportedFunctions(entry, prefix)).map(([name]) => name);
    for (const expected of [
      'switchboard.countSegments',
      'switchboard/cm.normalizePhoneNumber',
      'switchboard/comapi.verifyEvents',
      'switchboard/comapi.buildProfileFilter',
      'switchboard/webex.mintServiceJwt',
      'switchboard/node.createNodeFetch',
      'switchboard/testing.startMockServer',
      'switchboard/testing.comapiWebhookRequest',
      'switchboard/webhooks.createWebhookHandler',
      'switchboard/node.toNodeListener',
      'switchboard/cm.normalizeStatusReport',
    ]) {
      expect(functions).toContain(expected);
    }
  });

  it.each(ENTRIES)('exported functions of %s', async (prefix, entry) => {
    for (const [name, fn] of exportedFunctions(entry, prefix)) {
      await fc.assert(
        fc.asyncProperty(hostileArguments, (args) => callHostile(name, fn, args)),
        { numRuns: RUNS },
      );
    }
  });

  it('webhook functions, from a valid call with one argument or field made hostile', async () => {
    const functions = new Map(ENTRIES.flatMap(([prefix, entry]) => exportedFunctions(entry, prefix)));
    for (const [name, validCall] of Object.entries(VALID_FUNCTION_CALLS)) {
      const fn = functions.get(name);
      expect(fn, `${name} is not exported`).toBeDefined();
      // The valid call itself succeeds, so breaking it tests more than the first check.
      await expect(
        Promise.resolve().then(() => fn!(...validCall())),
        name,
      ).resolves.toBeDefined();
      await fc.assert(
        fc.asyncProperty(brokenValidCall, (broken) => callArgs(name, fn!, breakFunctionCall(validCall(), broken))),
        { numRuns: RUNS },
      );
    }
  });

  it('client constructors', async () => {
    for (const [name, Client] of [
      ['CmClient', cmEntry.CmClient],
      ['ComapiClient', comapiEntry.ComapiClient],
      ['WebexClient', webexEntry.WebexClient],
      ['Switchboard', routerEntry.Switchboard],
    ] as const) {
      await fc.assert(
        fc.asyncProperty(hostileArguments, (args) =>
          callHostile(name, (...a) => new (Client as new (...x: unknown[]) => unknown)(...a), args),
        ),
        { numRuns: RUNS * 2 },
      );
    }
  });

  it('every resource method of every client', async () => {
    for (const [name, fn] of clients()) {
      await fc.assert(
        fc.asyncProperty(hostileArguments, (args) => callHostile(name, fn, args)),
        { numRuns: RUNS },
      );
    }
  });

  it('every resource method, from a valid call with one argument or field made hostile', async () => {
    for (const [name, fn] of clients()) {
      const valid = validCallOf(name);
      expect(valid, `no valid call for ${name}`).toBeDefined();
      // The valid call itself reaches the server (so breaking it tests more than the first check).
      const before = server.requests.length;
      await settle(fn(...structuredClone(valid!))).then((outcome) => {
        if (!outcome.ok) expect(outcome.error, name).not.toBeInstanceOf(ValidationError);
      });
      if (name !== 'Switchboard.circuits')
        expect(server.requests.length, `${name}'s valid call sent nothing`).toBeGreaterThan(before);
      await fc.assert(
        fc.asyncProperty(brokenValidCall, (broken) => callArgs(name, fn, breakCall(valid!, broken))),
        { numRuns: RUNS },
      );
    }
  });

  it('error constructors never throw, whatever they are given', () => {
    const errorClasses = Object.entries(root).filter(
      ([, value]) => isClass(value) && (value as { prototype: unknown }).prototype instanceof Error,
    );
    expect(errorClasses.length).toBeGreaterThan(10);
    fc.assert(
      fc.property(hostileArguments, (recipes) => {
        for (const [, ErrorClass] of errorClasses) {
          calls += 1;
          const error = new (ErrorClass as new (...a: unknown[]) => Error)(...recipes.map(materialize));
          expect(error).toBeInstanceOf(Error);
        }
      }),
      { numRuns: RUNS * 2 },
    );
  });
});
