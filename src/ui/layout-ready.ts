// ink lays out with yoga, a WebAssembly module that loads asynchronously. Unbundled, yoga's own
// module waits for it at its top level, so this is already settled. The bundled CLI is CommonJS
// (it loads with a V8 code cache: bin/load-cli.js), which has no top-level await: its build
// (test/tools/bundle.mjs) points this export at yoga's load, and the UI awaits it before drawing.
export const layoutReady: Promise<void> = Promise.resolve();
