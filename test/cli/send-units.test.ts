/** The parts of `switchboard send` that need no child process (imported from src/cli/, no build needed). */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { describeFailure, failureCode } from '../../src/cli/common.ts';
import {
  credentialsFrom,
  idempotencyKeyFor,
  parseJsonLines,
  parseResults,
  sendCommand,
  type SendIo,
} from '../../src/cli/send.ts';
import { CM_ENV, cmLines, slowProvider } from './helpers.ts';

describe('send, in parts', () => {
  it('reads JSON Lines by line number; a line that is not JSON is an item that fails alone', () => {
    const items = parseJsonLines('{"a":1}\n\n  \nnot json\n{"b":2}\n', false);
    expect(items).toEqual([
      { key: 1, message: { a: 1 } },
      { key: 4, invalid: 'line 4 is not valid JSON' },
      { key: 5, message: { b: 2 } },
    ]);
  });

  it('Webex idempotency keys: from the line number and content, within 64 characters of [A-Za-z0-9_=-]', () => {
    const key = idempotencyKeyFor(123456, '{"to":"+447911123456","content":"x"}');
    expect(key).toMatch(/^[\w=-]{1,64}$/);
    expect(key).toBe(idempotencyKeyFor(123456, '{"to":"+447911123456","content":"x"}'));
    expect(key).not.toBe(idempotencyKeyFor(123457, '{"to":"+447911123456","content":"x"}'));
    expect(key).not.toBe(idempotencyKeyFor(123456, '{"to":"+447911123456","content":"y"}'));
    expect(parseJsonLines('{"a":1}', true)[0]!.idempotencyKey).toBe(idempotencyKeyFor(1, '{"a":1}'));
  });

  it('reads earlier results: accepted wins over unknown, unreadable lines are counted and ignored', () => {
    const state = parseResults(
      [
        '{"line":1,"outcome":"accepted"}',
        '{"line":2,"outcome":"unknown"}',
        '{"line":2,"outcome":"accepted"}',
        '{"line":3,"outcome":"unknown"}',
        '{"index":0,"outcome":"accepted"}',
        '{"line":4,"outcome":"rejected"}',
        '{"line":5,',
      ].join('\n'),
    );
    expect([...state.accepted].sort()).toEqual([1, 2]);
    expect([...state.unknown]).toEqual([3]);
    expect(state.ignored).toBe(2);
  });

  it('credentials name the variables that are missing', () => {
    expect(() => credentialsFrom('cm', {})).toThrow(/CM_PRODUCT_TOKEN/);
    expect(() => credentialsFrom('comapi', { COMAPI_API_SPACE_ID: 'x' })).toThrow(/set COMAPI_TOKEN \(/);
    expect(() => credentialsFrom('webex', { WEBEX_SERVICE_SECRET: 's' })).toThrow(/set WEBEX_SERVICE_ID too/);
    expect(credentialsFrom('webex', { WEBEX_JWT: 'j' })).toEqual({ jwt: 'j' });
  });

  it('describes any rejection value, including the plain strings Prism rejects with', () => {
    expect(describeFailure('listen EADDRINUSE: address already in use 127.0.0.1:4010')).toContain('EADDRINUSE');
    expect(failureCode('listen EADDRINUSE: address already in use 127.0.0.1:4010')).toBe('EADDRINUSE');
    expect(failureCode(Object.assign(new Error('x'), { code: 'EACCES' }))).toBe('EACCES');
    expect(describeFailure(undefined)).toBe('undefined');
    expect(describeFailure({ message: 'm' })).toBe('m');
    expect(describeFailure(new Error(''))).toBe('Error');
  });

  it.each([true, false])('draws a progress bar on stderr only when it is a terminal (isTTY %s)', async (isTTY) => {
    const provider = await slowProvider(0);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-units-'));
    try {
      const input = path.join(dir, 'in.jsonl');
      await writeFile(input, cmLines(3));
      let out = '';
      let err = '';
      const stdout = new PassThrough().on('data', (chunk) => (out += chunk));
      const stderr = Object.assign(
        new PassThrough().on('data', (chunk) => (err += chunk)),
        { isTTY },
      );
      const io: SendIo = { stdout, stderr, env: CM_ENV, onInterrupt: () => () => undefined };
      expect(await sendCommand(['--provider', 'cm', '--file', input, '--base-url', provider.url], io)).toBe(0);
      expect(out.trim().split('\n')).toHaveLength(3);
      if (isTTY) expect(err).toContain('[##############################] 3/3');
      else expect(err).not.toContain('[');
    } finally {
      await provider.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
