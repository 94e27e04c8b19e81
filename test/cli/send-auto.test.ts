/**
 * `switchboard send --provider auto`, in-process: a router over the providers with credentials, failing over on
 * loopback providers that count requests, and the mocks' "fail this provider" mode.
 */
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/common.ts';
import { sendCommand, type SendIo } from '../../src/cli/send.ts';
import { startFaultServer, type FaultServer } from '../support/fault-server.ts';
import { cmAcceptedAnswer } from '../support/loopback-server.ts';
import { CM_ENV, WEBEX_ENV } from './helpers.ts';

let cm: FaultServer;
let webex: FaultServer;
beforeAll(async () => {
  cm = await startFaultServer((request) => ({ status: 200, body: cmAcceptedAnswer(request.body) }));
  webex = await startFaultServer(() => ({ status: 202, body: { messageId: `w-${webex.requests.length}` } }));
});
afterAll(() => Promise.all([cm.close(), webex.close()]));
afterEach(() => {
  for (const server of [cm, webex]) {
    server.requests.length = 0;
    server.script('ok');
  }
});

function io(env: Record<string, string>) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += chunk));
  stderr.on('data', (chunk) => (err += chunk));
  const fake: SendIo = { stdout, stderr, env, onInterrupt: () => () => {} };
  return {
    io: fake,
    lines: () =>
      out
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
    stderr: () => err,
  };
}

const both = () => ({
  ...CM_ENV,
  ...WEBEX_ENV,
  SWITCHBOARD_CM_BASE_URL: cm.url,
  SWITCHBOARD_WEBEX_BASE_URL: webex.url,
});

describe('switchboard send --provider auto', () => {
  it('routes over the providers with credentials, and fails over when the first surely did not accept', async () => {
    cm.script({ status: 503, retryAfter: '1' });
    const run = io(both());
    const code = await sendCommand(
      ['--provider', 'auto', '--to', '+447911123456', '--body', 'Hi', '--from', 'Acme'],
      run.io,
    );
    expect(code).toBe(0);
    expect([cm.requests.length, webex.requests.length]).toEqual([1, 1]);
    expect(run.lines()).toEqual([
      {
        index: 0,
        ok: true,
        outcome: 'accepted',
        ids: ['w-1'],
        recipients: [
          {
            to: '+447911123456',
            outcome: 'accepted',
            provider: 'webex',
            id: 'w-1',
            attempts: ['cm:rejected(ServerError)', 'webex:accepted'],
          },
        ],
      },
    ]);
    expect(run.stderr()).toContain('through cm, webex (failover)');
  });

  it('does not fail over after a 500, and exits 3 with the outcome unknown', async () => {
    cm.script({ status: 500 });
    const run = io(both());
    expect(await sendCommand(['--provider', 'auto', '--to', '+447911123456', '--body', 'Hi'], run.io)).toBe(3);
    expect(webex.requests).toHaveLength(0);
    expect(run.lines()[0]).toMatchObject({
      ok: false,
      outcome: 'unknown',
      recipients: [{ provider: 'cm', attempts: ['cm:unknown(ServerError)'] }],
    });
  });

  it('--providers picks and orders them; a number that cannot exist is refused unsent', async () => {
    const run = io(both());
    await sendCommand(['--provider', 'auto', '--providers', 'webex,cm', '--to', '12', '--body', 'Hi'], run.io);
    expect(run.lines()[0]).toMatchObject({ ok: false, outcome: 'rejected', error: { name: 'ValidationError' } });
    const second = io(both());
    await sendCommand(
      ['--provider', 'auto', '--providers', 'webex,cm', '--to', '+14155550100', '--body', 'Hi'],
      second.io,
    );
    expect(second.lines()[0].recipients[0].provider).toBe('webex');
    expect(cm.requests).toHaveLength(0);
  });

  it.each([
    [[], {}, /found no credentials/],
    [['--providers', 'cm,sinch'], CM_ENV, /unknown provider "sinch"/],
    [['--providers', 'cm,cm'], CM_ENV, /names cm twice/],
    [['--strategy', 'weighted'], CM_ENV, /--strategy must be one of/],
    [['--fail', 'cm'], CM_ENV, /--fail goes with --mock/],
    [['--base-url', 'http://127.0.0.1:9'], CM_ENV, /SWITCHBOARD_<PROVIDER>_BASE_URL/],
  ])('refuses %j as a usage error', async (extra, env, message) => {
    const run = io(env as Record<string, string>);
    const error = await sendCommand(
      ['--provider', 'auto', '--to', '+447911123456', '--body', 'Hi', ...extra],
      run.io,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
  });

  it('the options of auto are refused with one provider', async () => {
    const error = await sendCommand(
      ['--provider', 'cm', '--strategy', 'failover', '--to', '+447911123456', '--body', 'Hi'],
      io(both()).io,
    ).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/--strategy goes with --provider auto/);
  });

  it('--mock --fail cm: the CM mock answers 503 and the message goes through the Webex mock', async () => {
    const run = io({});
    const code = await sendCommand(
      [
        '--provider',
        'auto',
        '--providers',
        'cm,webex',
        '--mock',
        '--fail',
        'cm',
        '--to',
        '+447911123456',
        '--body',
        'Hi',
      ],
      run.io,
    );
    expect(code).toBe(0);
    expect(run.lines()[0].recipients[0]).toMatchObject({
      provider: 'webex',
      attempts: ['cm:rejected(ServerError)', 'webex:accepted'],
    });
    expect(run.stderr()).toContain('cm (mock, failing: 503), webex (mock)');
  });
});
