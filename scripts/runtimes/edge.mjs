// edge-runtime: a service-worker style script (EdgeRuntime's initialCode), bundled as an IIFE.
import { handle } from './handler.mjs';

addEventListener('fetch', (event) => event.respondWith(handle(event.request)));
