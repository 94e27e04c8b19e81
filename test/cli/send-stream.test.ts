/**
 * `switchboard send` from dist/ (run `npm run -s build` first) against slow loopback providers: results stream as
 * requests settle, Ctrl-C lets the requests in flight settle and exits 130, a malformed line fails alone, --resume
 * skips what an earlier run accepted, and Webex sends carry a stable Idempotency-Key per line.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeWebex, CM_ENV, cmContents, cmLines, runToEnd, slowProvider, start, WEBEX_ENV } from './helpers.ts';

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'switchboard-send-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  const target = path.join(scratch, name);
  await writeFile(target, text);
  return target;
}

/** `switchboard send` of a CM JSON Lines file to a base URL, with more options after. */
function cmSendArgs(input: string, baseUrl: string, ...options: string[]): string[] {
  return ['send', '--provider', 'cm', '--file', input, '--base-url', baseUrl, ...options];
}

describe('switchboard send (streaming)', () => {
  it('writes each request’s results as it settles, long before the last request', async () => {
    const provider = await slowProvider(60);
    try {
      const input = await file('stream.jsonl', cmLines(300));
      const running = start(cmSendArgs(input, provider.url, '--batch-size', '20', '--concurrency', '2'), CM_ENV);
      let exitedEarly = false;
      void running.exited.then(() => (exitedEarly = true));
      await running.firstResult;
      // The first results are out while most requests have not even been made.
      expect(exitedEarly).toBe(false);
      expect(provider.requests.length).toBeLessThan(10);
      expect(running.results.length).toBeLessThan(300);
      expect(await running.exited).toBe(0);
      expect(running.results).toHaveLength(300);
      expect(new Set(running.results.map((r) => r.line))).toEqual(
        new Set(Array.from({ length: 300 }, (_, i) => i + 1)),
      );
      expect(running.results.every((r) => r.ok && r.outcome === 'accepted' && r.ids.length === 1)).toBe(true);
      expect(provider.requests).toHaveLength(15);
      expect(running.stderr()).toContain('300 accepted, 0 rejected, 0 unknown of 300 lines');
      expect(running.stderr()).not.toMatch(/\[#/);
    } finally {
      await provider.close();
    }
  });

  it('Ctrl-C stops sending, lets the requests in flight settle, reports each sent line, and exits 130', async () => {
    const provider = await slowProvider(150);
    try {
      const input = await file('interrupt.jsonl', cmLines(300));
      const running = start(cmSendArgs(input, provider.url, '--batch-size', '10', '--concurrency', '2'), CM_ENV);
      await running.firstResult;
      running.child.kill('SIGINT');
      expect(await running.exited).toBe(130);
      const sent = provider.requests.flatMap(cmContents);
      expect(sent.length).toBeGreaterThan(0);
      expect(sent.length).toBeLessThan(300);
      // Every line the provider received has its result line, and no line has one that was not sent.
      expect(running.results.map((r) => `m${r.line}`).sort()).toEqual([...sent].sort());
      expect(running.results.every((r) => r.outcome === 'accepted')).toBe(true);
      const stderr = running.stderr();
      expect(stderr).toMatch(/stopping/);
      expect(stderr).toContain(
        `interrupted: ${sent.length} accepted, 0 rejected, 0 unknown, ${300 - sent.length} not sent of 300 lines`,
      );
      expect(stderr).toContain('--resume');

      // The rerun with --resume sends exactly the rest.
      const first = await file('interrupt.out.jsonl', running.results.map((r) => JSON.stringify(r)).join('\n'));
      provider.requests.length = 0;
      const rest = await runToEnd(cmSendArgs(input, provider.url, '--batch-size', '100', '--resume', first), CM_ENV);
      expect(rest.code).toBe(0);
      expect(provider.requests.flatMap(cmContents).sort()).toEqual(
        Array.from({ length: 300 }, (_, i) => `m${i + 1}`)
          .filter((m) => !sent.includes(m))
          .sort(),
      );
      expect(rest.stderr).toContain(`skipping ${sent.length} lines already accepted`);
    } finally {
      await provider.close();
    }
  });

  it('a line that is not JSON fails alone; the others are sent', async () => {
    const provider = await slowProvider(0);
    try {
      const input = await file('malformed.jsonl', cmLines(5, { 3: '{"from":"Acme","to":' }));
      const result = await runToEnd(cmSendArgs(input, provider.url), CM_ENV);
      expect(result.code).toBe(3);
      const byLine = new Map(result.results.map((r) => [r.line, r]));
      expect([...byLine.keys()].sort()).toEqual([1, 2, 3, 4, 5]);
      expect(byLine.get(3)).toEqual({
        line: 3,
        ok: false,
        outcome: 'rejected',
        error: { name: 'ValidationError', message: 'line 3 is not valid JSON' },
      });
      for (const line of [1, 2, 4, 5]) expect(byLine.get(line)).toMatchObject({ ok: true, outcome: 'accepted' });
      expect(provider.requests.flatMap(cmContents)).toEqual(['m1', 'm2', 'm4', 'm5']);
    } finally {
      await provider.close();
    }
  });

  it('--resume skips lines reported accepted, and those reported unknown unless --resend-unknown', async () => {
    const provider = await slowProvider(0);
    try {
      const input = await file('resume.jsonl', cmLines(6));
      const previous = await file(
        'resume.out.jsonl',
        `${[
          { line: 1, ok: true, outcome: 'accepted', ids: ['x'] },
          { line: 2, ok: true, outcome: 'accepted', ids: ['x'] },
          { line: 3, ok: false, outcome: 'unknown', error: { name: 'TimeoutError', message: 't' } },
          { line: 4, ok: false, outcome: 'rejected', error: { name: 'ApiError', message: 'r' } },
        ]
          .map((r) => JSON.stringify(r))
          .join('\n')}\n{"line":5,"ok":tr`, // cut short, as by a killed run
      );
      const resumed = await runToEnd(cmSendArgs(input, provider.url, '--resume', previous), CM_ENV);
      expect(resumed.code).toBe(0);
      expect(provider.requests.flatMap(cmContents)).toEqual(['m4', 'm5', 'm6']);
      expect(resumed.results.map((r) => r.line)).toEqual([4, 5, 6]);
      expect(resumed.stderr).toContain('skipping 2 lines already accepted and 1 reported "unknown"');
      expect(resumed.stderr).toContain('--resend-unknown');
      expect(resumed.stderr).toContain('3 accepted, 0 rejected, 0 unknown, 3 skipped (--resume) of 6 lines');

      provider.requests.length = 0;
      const resent = await runToEnd(cmSendArgs(input, provider.url, '--resume', previous, '--resend-unknown'), CM_ENV);
      expect(resent.code).toBe(0);
      expect(provider.requests.flatMap(cmContents)).toEqual(['m3', 'm4', 'm5', 'm6']);
    } finally {
      await provider.close();
    }
  });

  it('Webex: one v1 send per line, each with an Idempotency-Key from its line number and content, the same on a rerun', async () => {
    const webex = await fakeWebex();
    try {
      const lines = Array.from({ length: 4 }, (_, i) =>
        JSON.stringify({ from: 'Acme', to: '+447911123456', content: i === 2 ? 'same' : `w${i}` }),
      );
      lines[3] = lines[2]!; // the same content on another line is another message
      const input = await file('webex.jsonl', lines.join('\n'));
      const args = ['send', '--provider', 'webex', '--file', input, '--base-url', webex.url];
      const first = await runToEnd(args, WEBEX_ENV);
      expect(first.code).toBe(0);
      expect(first.results.map((r) => r.line).sort()).toEqual([1, 2, 3, 4]);
      expect(first.results.every((r) => r.ok && /^w-\d+$/.test(r.ids[0]))).toBe(true);
      const keys = webex.requests.map((r) => r.headers['idempotency-key'] as string);
      expect(new Set(keys).size).toBe(4);
      for (const key of keys) expect(key).toMatch(/^sb-[1-4]-[\w-]{40}$/);

      webex.requests.length = 0;
      await runToEnd(args, WEBEX_ENV);
      expect(webex.requests.map((r) => r.headers['idempotency-key']).sort()).toEqual([...keys].sort());
    } finally {
      await webex.close();
    }
  });

  it('a refused credential stops the run: nothing more is sent, and the credential is not printed', async () => {
    const secret = '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d';
    const provider = await slowProvider(0);
    provider.handle((request, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          details: `No account found for the given authentication ${request.headers['x-cm-producttoken']}`,
          errorCode: 101,
          messages: [],
        }),
      );
    });
    try {
      const input = await file('refused.jsonl', cmLines(50));
      const result = await runToEnd(cmSendArgs(input, provider.url, '--batch-size', '10', '--concurrency', '1'), {
        CM_PRODUCT_TOKEN: secret,
      });
      expect(result.code).toBe(3);
      expect(provider.requests).toHaveLength(1);
      expect(result.results).toHaveLength(10);
      expect(result.results[0].error.name).toBe('AuthenticationError');
      expect(result.stderr).toContain('40 not sent');
      expect(result.stderr).toContain('credentials were refused');
      expect(JSON.stringify(result)).not.toContain(secret);
    } finally {
      await provider.close();
    }
  });
});
