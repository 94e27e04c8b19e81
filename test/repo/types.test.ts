/**
 * The shipped types, as a strict consumer with `skipLibCheck: false` compiles them, with TypeScript 5.8: the oldest
 * release that reads them (5.7 cannot resolve the declarations' `.ts` import paths, so every entry is "not found").
 * The repository's own 5.9 compiles the README's examples against them (test/readme.test.ts). Needs dist/.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
// Inside the package, so that `switchboard/...` resolves through its own package.json `exports`, as in a consumer.
const scratch = mkdtempSync(path.join(root, '.types-check-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

writeFileSync(
  path.join(scratch, 'consumer.ts'),
  `import { CmClient, ValidationError, type CallOptions } from 'switchboard';
import { ComapiClient, parseEvents } from 'switchboard/comapi';
import { WebexClient, verifyCallback } from 'switchboard/webex';
import { createNodeFetch } from 'switchboard/node';
import { startMockServer } from 'switchboard/testing';

const options: CallOptions = { timeoutMs: 5_000 };
const cm = new CmClient({ productToken: '00000000-0000-0000-0000-000000000000', fetch: createNodeFetch() });
const sent = await cm.messages.send({ from: 'Acme', to: '+447911123456', body: 'x' }, options);
const accepted: number = sent.accepted.length;
export { accepted, ComapiClient, parseEvents, WebexClient, verifyCallback, startMockServer, ValidationError };
`,
);
writeFileSync(
  path.join(scratch, 'tsconfig.json'),
  JSON.stringify({
    compilerOptions: {
      strict: true,
      module: 'nodenext',
      moduleResolution: 'nodenext',
      target: 'es2022',
      lib: ['es2023', 'dom'],
      types: ['node'],
      skipLibCheck: false,
      noEmit: true,
    },
    include: ['consumer.ts'],
  }),
);

it.each([['5.8 (the minimum)', path.join(root, 'node_modules', 'typescript-5.8', 'bin', 'tsc')]])(
  'compile against TypeScript %s with skipLibCheck off',
  async (_version, tsc) => {
    const result = await promisify(execFile)(process.execPath, [tsc, '-p', scratch], { cwd: root }).then(
      () => '',
      (error) => `${error.stdout}${error.stderr}`,
    );
    expect(result).toBe('');
  },
);
