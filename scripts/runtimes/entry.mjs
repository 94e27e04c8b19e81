// Node, Bun and Deno: runs the smoke test (smoke.mjs, bundled from smoke.ts) against the installed package, imported
// by its public names; one JSON line per check on stdout. The config (SmokeConfig) is the first argument.
import * as root from 'switchboard';
import * as cm from 'switchboard/cm';
import * as comapi from 'switchboard/comapi';
import * as webex from 'switchboard/webex';
import * as router from 'switchboard/router';
import * as webhooks from 'switchboard/webhooks';
import { runSmoke } from './smoke.mjs';

const arg = globalThis.Deno ? globalThis.Deno.args[0] : globalThis.process.argv[2];
await runSmoke({ root, cm, comapi, webex, router, webhooks }, JSON.parse(arg), (result) =>
  console.log(JSON.stringify(result)),
);
