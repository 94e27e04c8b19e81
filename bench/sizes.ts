/** Each client entry's size as a browser app ships it (scripts/bundle-size.ts), with zod's share. */
import { bundleSize } from '../scripts/bundle-size.ts';

export async function bundleSizes(): Promise<
  Array<{ entry: string; minified: number; gzipped: number; zodShare: number }>
> {
  const sizes = [];
  for (const entry of ['cm', 'comapi', 'webex']) {
    const { minified, gzipped, inputs } = await bundleSize(entry);
    let zod = 0;
    for (const [input, bytes] of Object.entries(inputs)) if (input.includes('node_modules/zod/')) zod += bytes;
    sizes.push({ entry: `switchboard/${entry}`, minified, gzipped, zodShare: zod / minified });
  }
  return sizes;
}
