/**
 * Every ```ts block of README.md runs as a user would run it: written to a file inside the package (so
 * `switchboard/cm` resolves through package.json `exports`), executed by tsx against the Prism mock.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { API_SPACE, COMAPI_TOKEN, TOKEN } from './helpers.ts';

const root = path.resolve(import.meta.dirname, '..');
const scratch = path.join(root, '.readme-check');
const readme = await readFile(path.join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);

/** What each block must print, in README order: proof that it did the work, not only that it exited 0. */
const expectedOutput = [
  /^1 accepted$/m,
  /^0 1 accepted$\n^1 failed: Invalid CM message: to\[0\]/m,
  /^order_4711 2$\n^\+447911123456 STOP$/m,
  /^200 Created 1 message\(s\)$/m,
  /^d8e296bb-97c4-4495-b98f-1e32e0b11628 processing$/m,
  /^0 58bde0da-b380-4cb2-8dd1-ca74fc7a0cda$\n^1 0aee96a8-09c9-4192-bf6d-c5f20a323956$\n^2 failed: Invalid Comapi message: rules/m,
];

const exampleFile = (index: number) => path.join(scratch, `example-${index}.ts`);

beforeAll(async () => {
  await mkdir(scratch, { recursive: true });
  await Promise.all(blocks.map((code, i) => writeFile(exampleFile(i + 1), code)));
  await writeFile(path.join(scratch, 'tsconfig.json'), JSON.stringify({ extends: '../tsconfig.json', include: ['./*.ts'] }));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('README.md examples', () => {
  it('has the examples this test expects', () => {
    expect(blocks).toHaveLength(expectedOutput.length);
  });

  it.each(blocks.map((_, index) => index + 1))('example %i runs against the mock', async (index) => {
    const { stdout } = await promisify(execFile)(path.join(root, 'node_modules', '.bin', 'tsx'), [exampleFile(index)], {
      cwd: root,
      env: {
        ...process.env,
        CM_PRODUCT_TOKEN: TOKEN,
        SWITCHBOARD_CM_BASE_URL: inject('mockUrls').cm,
        COMAPI_API_SPACE_ID: API_SPACE,
        COMAPI_TOKEN,
        SWITCHBOARD_COMAPI_BASE_URL: inject('mockUrls').comapi,
      },
    });
    expect(stdout).toMatch(expectedOutput[index - 1]!);
  });

  it('type-checks, as a TypeScript user would compile it', async () => {
    const tsc = promisify(execFile)(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', scratch], { cwd: root });
    await expect(tsc.catch((error) => Promise.reject(new Error(error.stdout)))).resolves.toBeDefined();
  });
});
