/**
 * The docs site in headless Chromium: each Redoc page renders every operation and webhook of its spec, the TypeDoc
 * reference in api/ shows the clients and their documented methods, and no page loads anything from outside localhost.
 * A screenshot of each page is saved under .test-output/docs/.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildDocs, docsDir } from '../../scripts/docs.ts';
import { listProviders, specFile } from '../../scripts/specs.ts';
import { launchChromium, serveFolder } from './chromium.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const screenshots = path.join(root, '.test-output', 'docs');
const providers = await listProviders();

let browser: Browser;
let site: { url: string; close(): Promise<void> };

beforeAll(async () => {
  await buildDocs({ ifStale: true });
  await mkdir(screenshots, { recursive: true });
  site = await serveFolder(docsDir);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** A page that records every request it makes outside the local site. */
async function offlinePage(
  options: Parameters<Browser['newPage']>[0] = {},
): Promise<{ page: Page; outside: string[] }> {
  const page = await browser.newPage(options);
  const outside: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!['127.0.0.1', 'localhost'].includes(url.hostname) && url.protocol !== 'data:' && url.protocol !== 'blob:')
      outside.push(request.url());
  });
  return { page, outside };
}

/** The text Redoc rendered (not the inlined scripts, which contain the whole spec). */
const RENDERED_TEXT = `(() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement && node.parentElement.closest('script,style') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  let text = '';
  while (walker.nextNode()) text += walker.currentNode.textContent + '\\n';
  return text;
})()`;

async function tagsOf(provider: string): Promise<string[]> {
  return (parse(await readFile(specFile(provider), 'utf8')).tags ?? []).map((tag: { name: string }) => tag.name);
}

/** Every operation's summary, paths and webhooks alike, from the spec with its split files' path items. */
async function summaries(provider: string): Promise<string[]> {
  const spec = parse(await readFile(specFile(provider), 'utf8'));
  const items = await Promise.all(
    Object.values<any>({ ...spec.paths, ...spec.webhooks }).map(async (item) => {
      if (!item.$ref) return item;
      const [file, pointer] = item.$ref.split('#/');
      return parse(await readFile(path.resolve(path.dirname(specFile(provider)), file), 'utf8'))[pointer];
    }),
  );
  return items.flatMap((item) =>
    Object.values<any>(item)
      .filter((op) => op?.operationId)
      .map((op) => op.summary as string),
  );
}

// Concurrent pages in one browser: the tests mostly wait on rendering and on Redoc's tag switches.
describe.concurrent('the docs site', () => {
  it('has an index page linking every spec', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/`);
    const links = await page.locator('a').evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')));
    expect(links).toEqual(expect.arrayContaining(providers.map((p) => `${p}.html`)));
    expect(links).toContain('api/index.html');
    await expect(page.locator('h2 a[href="api/index.html"]').textContent()).resolves.toBe('TypeScript API reference');
    await page.close();
  });

  it.each(providers)(
    'links the %s client reference, its module page in the TypeScript API reference',
    async (provider) => {
      const { page, outside } = await offlinePage();
      await page.goto(`${site.url}/`);
      const section = page.locator('section', { has: page.locator(`h2 a[href="${provider}.html"]`) });
      await section.locator('a', { hasText: 'Client reference' }).click();
      await page.waitForLoadState('load');
      expect(page.url()).toMatch(/\/api\/modules\/[^/]+\.html$/);
      await expect(page.locator('h1').textContent()).resolves.toContain(`switchboard/${provider}`);
      expect(outside).toEqual([]);
      await page.close();
    },
  );

  it('renders the TypeScript API reference offline: the three clients and their documented methods', async () => {
    const { page, outside } = await offlinePage({ viewport: { width: 1400, height: 900 } });
    const missing: string[] = [];
    page.on('response', (response) => void (response.status() >= 400 && missing.push(response.url())));
    await page.goto(`${site.url}/api/index.html`);
    await page.waitForLoadState('networkidle');
    await expect(page.title()).resolves.toContain('Switchboard TypeScript API');
    // TypeDoc's stylesheet applied (served as text/css): its layout, not the browser's default block flow.
    await expect(page.locator('.container-main').evaluate((main) => getComputedStyle(main).display)).resolves.not.toBe(
      'block',
    );
    for (const client of ['CmClient', 'ComapiClient', 'WebexClient']) {
      await expect(page.locator(`.tsd-panel a:text-is("${client}")`).isVisible()).resolves.toBe(true);
    }
    await page.screenshot({ path: path.join(screenshots, 'api.png') });

    // A client's page, then the documented `sendBatch` of its messages API (the type of its `messages`), with its doc comment.
    await page.locator('.tsd-panel a:text-is("CmClient")').click();
    await page.waitForLoadState('load');
    await expect(page.locator('h1').textContent()).resolves.toContain('CmClient');
    await page.locator('a.tsd-signature-type:text-is("CmMessages")').first().click();
    await page.waitForLoadState('networkidle');
    await expect(page.locator('h1').textContent()).resolves.toContain('CmMessages');
    const sendBatch = page.locator('section.tsd-member', { has: page.locator('h3#sendbatch') });
    await expect(sendBatch.locator('.tsd-signature').first().textContent()).resolves.toMatch(/^sendBatch\(/);
    await expect(sendBatch.locator('.tsd-comment').first().textContent()).resolves.toMatch(/\w+ \w+ \w+/);
    expect(outside).toEqual([]);
    expect(missing).toEqual([]);
    await page.close();
  });

  it("wraps the index page's code blocks in a narrow window rather than letting them run off the edge", async () => {
    const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
    await page.goto(`${site.url}/`);
    const overflowing = await page
      .locator('pre')
      .evaluateAll((blocks) => blocks.filter((pre) => pre.scrollWidth > pre.clientWidth + 1).length);
    const pageOverflows = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    await page.screenshot({ path: path.join(screenshots, 'index-narrow.png'), fullPage: true });
    expect(overflowing).toBe(0);
    expect(pageOverflows).toBe(false);
    await page.close();
  });

  it.each(providers)('renders every operation of %s offline', async (provider) => {
    const { page, outside } = await offlinePage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${site.url}/${provider}.html`);
    await page.locator('text=Search').first().waitFor({ timeout: 30_000 });
    // Redoc shows one tag's operations at a time: open each tag in the sidebar and collect what it renders.
    let seen = (await page.evaluate(RENDERED_TEXT)) as string;
    for (const tag of await tagsOf(provider)) {
      await page.locator(`li >> text="${tag}"`).first().click();
      await page.waitForTimeout(200);
      seen += (await page.evaluate(RENDERED_TEXT)) as string;
    }
    await page.screenshot({ path: path.join(screenshots, `${provider}.png`) });
    const expected = await summaries(provider);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.filter((summary) => !seen.includes(summary))).toEqual([]);
    expect(outside).toEqual([]);
    await page.close();
  });
});
