// Mount the interactive loop on the terminal, wait for the operator to quit, then print the summary
// of every round (and the session id for `audit2grant undo`) to stdout.
import { render } from 'ink';
import { renderSummary, type SessionSummary } from '../core/session/index.js';
import { App, type AppProps } from './App.js';

export type RunOptions = Omit<AppProps, 'onExit'> & { stdout?: NodeJS.WriteStream };

export async function runInteractive(o: RunOptions): Promise<SessionSummary | null> {
  let summary: SessionSummary | null = null;
  const { stdout, ...props } = o;
  const out = stdout ?? process.stdout;
  // 60 fps: ink throttles frames, and the throttle is part of every key's latency.
  const inst = render(<App {...props} onExit={(s) => (summary = s)} />, { exitOnCtrlC: false, stdout: out, patchConsole: true, maxFps: 60 });
  await inst.waitUntilExit();
  inst.cleanup();
  const s = summary as SessionSummary | null;
  if (s) out.write(`\n${renderSummary(s)}`);
  return s;
}
