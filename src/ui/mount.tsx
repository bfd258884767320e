// Mount the interactive loop on the terminal, wait for the operator to quit, then print the summary
// of every round (and the session id for `audit2grant undo`) to stdout, and why the exit code is 1
// when it is (a failed source, every grant failed) to stderr.
import { render } from 'ink';
import { renderSummary, type LoopOutcome, type SessionSummary } from '../core/session/index.js';
import { App, type AppProps } from './App.js';
import { frameWatch } from './drawn.js';
import { layoutReady } from './layout-ready.js';
import { inkStdout } from './terminal.js';

export type RunOptions = Omit<AppProps, 'onExit' | 'terminal' | 'frames'> & { stdout?: NodeJS.WriteStream; stderr?: NodeJS.WriteStream };

export interface RunResult {
  summary: SessionSummary;
  outcome: LoopOutcome;
}

export async function runInteractive(o: RunOptions): Promise<RunResult | null> {
  let result: RunResult | null = null;
  const { stdout, stderr, ...props } = o;
  const out = stdout ?? process.stdout;
  const err = stderr ?? process.stderr;
  // 60 fps: ink throttles frames, and the throttle is part of every key's latency. ink sees a view
  // of stdout that never clears the screen (see terminal.ts); the App sizes its frame from `out`.
  // The frames ink computes and writes are counted: a dialog takes keys once it is drawn (drawn.ts).
  await layoutReady;
  const frames = frameWatch();
  const inst = render(<App {...props} terminal={out} frames={frames} onExit={(summary, outcome) => (result = { summary, outcome })} />, {
    exitOnCtrlC: false,
    stdout: inkStdout(out, frames.wrote),
    patchConsole: true,
    maxFps: 60,
    onRender: frames.rendered,
  });
  await inst.waitUntilExit();
  inst.cleanup();
  const r = result as RunResult | null;
  if (r) {
    out.write(`\n${renderSummary(r.summary)}`);
    for (const why of r.outcome.why) err.write(`audit2grant: ${why}\n`);
  }
  return r;
}
