/**
 * `npm run docs`: one offline docs site in docs/ (gitignored): a Redoc page per spec, built by
 * `redocly build-docs --inlineBundle` so nothing loads from a CDN; the TypeScript API reference in docs/api/, built
 * by TypeDoc (typedoc.json) from the doc comments of the package's entry points (its default theme loads nothing
 * remote); and an index page that links them with a first-message snippet per provider.
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { listProviders, root, specFile, specsDir } from './specs.ts';

export const docsDir = path.join(root, 'docs');
/** The TypeDoc output, linked from the index page as `api/index.html`. */
export const apiDir = path.join(docsDir, 'api');
const typedocConfig = path.join(root, 'typedoc.json');

/** The snippet shown on the index page for each provider; type-checked against dist/ by test/readme.test.ts. */
export const FIRST_MESSAGE: Record<string, string> = {
  cm: `import { CmClient } from 'switchboard/cm';

const cm = new CmClient({ productToken: process.env.CM_PRODUCT_TOKEN! });
const result = await cm.messages.send({ from: 'Acme', to: '+447911123456', body: 'Hello from Switchboard' });
console.log(result.accepted.length, 'accepted');`,
  comapi: `import { ComapiClient } from 'switchboard/comapi';

const comapi = new ComapiClient({ apiSpaceId: process.env.COMAPI_API_SPACE_ID!, token: process.env.COMAPI_TOKEN! });
const message = await comapi.messages.send({ to: { phoneNumber: '+447123123123' }, body: 'Hello from Switchboard', rules: ['sms'] });
console.log(message.messageId, message.status);`,
  webex: `import { WebexClient } from 'switchboard/webex';

const webex = new WebexClient({ region: 'eu', serviceKey: process.env.WEBEX_SERVICE_KEY! });
const sent = await webex.sms.send({ from: 'Acme', to: '+447911123456', content: 'Hello from Switchboard' });
console.log(sent.messageId, sent.idempotencyKey);`,
};

interface BuiltPage {
  provider: string;
  title: string;
  file: string;
}

async function buildPage(provider: string): Promise<BuiltPage> {
  const spec = specFile(provider);
  const file = `${provider}.html`;
  await promisify(execFile)(
    path.join(root, 'node_modules', '.bin', 'redocly'),
    ['build-docs', spec, '--inlineBundle', '--output', path.join(docsDir, file)],
    { cwd: root, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' } },
  );
  await keepOffline(path.join(docsDir, file));
  const { info } = parse(await readFile(spec, 'utf8'));
  return { provider, title: info.title, file };
}

/**
 * `--inlineBundle` inlines Redoc itself, but its "API docs by Redocly" badge still loads a logo from Redocly's CDN.
 * The badge hides its image when loading fails, so the URL is pointed at an empty local data URL: the page then makes
 * no request outside the site.
 */
async function keepOffline(file: string): Promise<void> {
  const html = await readFile(file, 'utf8');
  await writeFile(file, html.replace(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g, 'data:,'));
}

/** The TypeDoc modules named as they are imported: `switchboard`, `switchboard/cm`, … (TypeDoc would say `index`, `cm`). */
function importSpecifier(module: string): string {
  return module === 'index' ? 'switchboard' : `switchboard/${module}`;
}

/**
 * Runs TypeDoc in this process (its start-up is most of a separate process's cost) while Redocly's processes build the
 * spec pages. Type errors are left to `tsc -p .` (typedoc.json sets skipErrorChecking), so it takes 2–3 s.
 * Returns each module's page, relative to docs/, by import specifier.
 */
async function buildApiReference(): Promise<Map<string, string>> {
  const td = await import('typedoc');
  const app = await td.Application.bootstrapWithPlugins(
    // openapi-typescript's generated types carry `@description` tags: known here, rather than one warning per field.
    { options: typedocConfig, blockTags: [...td.OptionDefaults.blockTags, '@description'] },
    [new td.TypeDocReader(), new td.TSConfigReader()],
  );
  app.converter.on(td.Converter.EVENT_CREATE_DECLARATION, (_context, reflection) => {
    if (reflection.kindOf(td.ReflectionKind.Module)) reflection.name = importSpecifier(reflection.name);
  });
  const modulePages = new Map<string, string>();
  app.renderer.on(td.PageEvent.BEGIN, (page) => {
    if (page.model instanceof td.DeclarationReflection && page.model.kindOf(td.ReflectionKind.Module)) {
      modulePages.set(page.model.name, `api/${page.url}`);
    }
  });
  const project = await app.convert();
  if (!project) throw new Error('TypeDoc could not convert the entry points in typedoc.json (see its messages above)');
  await app.generateDocs(project, apiDir);
  if (app.logger.hasErrors()) throw new Error('TypeDoc reported errors building docs/api/ (see its messages above)');
  return modulePages;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function indexPage(pages: BuiltPage[], modulePages: Map<string, string>): string {
  const sections = pages
    .map((page) => {
      const reference = modulePages.get(importSpecifier(page.provider));
      return `  <section>
    <h2><a href="${page.file}">${escapeHtml(page.title)}</a></h2>
    ${reference ? `<p><a href="${reference}">Client reference</a> (<code>${importSpecifier(page.provider)}</code>)</p>` : ''}
    ${FIRST_MESSAGE[page.provider] ? `<pre><code>${escapeHtml(FIRST_MESSAGE[page.provider]!)}</code></pre>` : ''}
  </section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Switchboard API reference</title>
  <style>
    body { font: 16px/1.5 system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #1d2433; }
    /* Long lines wrap rather than run off the right edge (a narrow window, a phone). */
    pre { background: #f4f5f7; padding: 1rem; border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere; }
    h2 a, p a { color: #2450c4; }
  </style>
</head>
<body>
  <h1>Switchboard API reference</h1>
  <p>Typed clients for business-messaging APIs, generated from these OpenAPI 3.1 specs.</p>
${sections}
  <section>
    <h2><a href="api/index.html">TypeScript API reference</a></h2>
    <p>Every export of <code>switchboard</code>, <code>switchboard/cm</code>, <code>switchboard/comapi</code>,
    <code>switchboard/webex</code>, <code>switchboard/node</code> and <code>switchboard/testing</code>, from their doc comments.</p>
  </section>
</body>
</html>
`;
}

/**
 * Builds the site. With `ifStale`, does nothing when every page is newer than every spec file, source file (src/,
 * generated/), TypeScript or TypeDoc config and this script (`npm start` and the tests then reuse the pages; Redocly
 * takes a few seconds per spec).
 */
export async function buildDocs(options: { ifStale?: boolean } = {}): Promise<void> {
  if (options.ifStale && (await isFresh())) return;
  await mkdir(docsDir, { recursive: true });
  const [pages, modulePages] = await Promise.all([
    Promise.all((await listProviders()).map(buildPage)),
    buildApiReference(),
  ]);
  // The index last: its presence marks a complete build.
  await writeFile(path.join(docsDir, 'index.html'), indexPage(pages, modulePages));
}

async function newest(files: string[]): Promise<number> {
  const times = await Promise.all(files.map((file) => stat(file).then((info) => info.mtimeMs)));
  return Math.max(...times);
}

async function isFresh(): Promise<boolean> {
  const providers = await listProviders();
  const sources = [
    fileURLToPath(import.meta.url),
    path.join(root, 'redocly.yaml'),
    typedocConfig,
    path.join(root, 'scripts', 'api-reference.md'),
  ];
  sources.push(...['tsconfig.json', 'tsconfig.build.json'].map((name) => path.join(root, name)));
  for (const dir of [specsDir, ...providers.map((provider) => path.join(specsDir, provider))]) {
    const names = await readdir(dir).catch(() => [] as string[]);
    sources.push(...names.filter((name) => name.endsWith('.yaml')).map((name) => path.join(dir, name)));
  }
  // The API reference's sources: a hundred-odd files, one readdir each tree and a stat each (a few milliseconds).
  for (const dir of ['src', 'generated'].map((name) => path.join(root, name))) {
    const names = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
    sources.push(...names.filter((name) => name.endsWith('.ts')).map((name) => path.join(dir, name)));
  }
  const outputs = ['index.html', 'api/index.html', ...providers.map((provider) => `${provider}.html`)].map((name) =>
    path.join(docsDir, name),
  );
  try {
    return (
      Math.min(...(await Promise.all(outputs.map((file) => stat(file).then((info) => info.mtimeMs))))) >
      (await newest(sources))
    );
  } catch {
    return false;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildDocs();
  console.log(`Built the docs site in docs/ (index.html, a page per spec and the TypeScript API reference in api/)`);
}
