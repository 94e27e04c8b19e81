// workerd and edge-runtime: the smoke test behind a fetch handler. POST the config (SmokeConfig) as JSON; the answer
// is one JSON line per check. Bundled with esbuild under the runtime's conditions.
import * as root from 'switchboard';
import * as cm from 'switchboard/cm';
import * as comapi from 'switchboard/comapi';
import * as webex from 'switchboard/webex';
import * as router from 'switchboard/router';
import * as webhooks from 'switchboard/webhooks';
import { runSmoke } from './smoke.mjs';

export async function handle(request) {
  const config = await request.json();
  const lines = [];
  await runSmoke({ root, cm, comapi, webex, router, webhooks }, config, (result) => lines.push(JSON.stringify(result)));
  return new Response(`${lines.join('\n')}\n`, { headers: { 'content-type': 'application/x-ndjson' } });
}
