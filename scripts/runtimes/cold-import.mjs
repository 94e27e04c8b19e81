// Node, Bun and Deno: the time of a first `import('switchboard/cm')` in a fresh process, in ms, on stdout.
const started = performance.now();
await import('switchboard/cm');
console.log(JSON.stringify({ coldImportMs: performance.now() - started }));
