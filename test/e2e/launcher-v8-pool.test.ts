// bin/audit2grant.js run as a command for a headless run (`scan`, `unused`, or output that is not a
// terminal) sizes V8's pool of background threads to the machine (`--v8-pool-size=0`: one fewer than
// the cores Node may use, at least one; Node's default is 4), unless NODE_OPTIONS already sets it:
// then the user's size stands. The interactive loop (on a terminal) keeps Node's default.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanEnv, runCommand, tempDir, writeFile } from '../iam/helpers.js';
import { BIN, q, tmuxServer } from '../helpers/tmux.js';

const { dir, cleanup } = tempDir('a2g-v8-pool-');
const server = tmuxServer('a2g-v8-pool');
afterAll(() => {
  server.kill();
  cleanup();
});

// Before the CLI runs: Node's flags, and its threads (the platform's are all started by then).
const probe = writeFile(
  dir,
  'probe.cjs',
  `process.stderr.write('probe ' + JSON.stringify({ execArgv: process.execArgv, threads: require('fs').readdirSync('/proc/self/task').length }) + '\\n');`,
);

interface Probe {
  execArgv: string[];
  threads: number;
}
/** The probe's line in `text`, if it is there yet. */
const probeIn = (text: string): Probe | undefined => {
  const line = /^probe (.*)$/m.exec(text)?.[1];
  return line === undefined ? undefined : (JSON.parse(line) as Probe);
};

async function probed(nodeOptions: string): Promise<Probe> {
  const r = await runCommand(['--version'], cleanEnv(dir, { NODE_OPTIONS: `${nodeOptions} --require ${probe}`.trim() }));
  expect([r.code, r.stdout.trim()]).toEqual([0, expect.stringMatching(/^\d+\.\d+\.\d+/)]);
  const p = probeIn(r.stderr);
  expect(p, r.stderr).toBeDefined();
  return p!;
}

describe.skipIf(!existsSync('/proc/self/task'))('the launcher and V8 background threads', () => {
  it('asks for one thread fewer than the cores, and leaves a size given in NODE_OPTIONS alone', async () => {
    const ours = await probed('');
    const users = await probed('--v8-pool-size=4');
    expect(ours.execArgv).toEqual(['--v8-pool-size=0']);
    expect(users.execArgv).toEqual([]);
    // The same process but for the pool: the difference is the pool's size.
    expect(users.threads - ours.threads).toBe(4 - Math.max(1, availableParallelism() - 1));
  });

  it('on a terminal, keeps the default of Node for the loop and sizes it for `scan` and `unused`', async () => {
    const onTerminal = async (name: string, args: string): Promise<string[]> => {
      const { start, pane, until } = server.session(name);
      start(`env NODE_OPTIONS=${q(`--require ${probe}`)} PATH=${q(dirname(process.execPath))}:"$PATH" ${q(BIN)} ${args}; sleep 30`);
      return (await until(`the probe of ${args}`, () => probeIn(pane()))).execArgv;
    };
    expect(await onTerminal('loop', '--version')).toEqual([]);
    expect(await onTerminal('scan', 'scan --version')).toEqual(['--v8-pool-size=0']);
    expect(await onTerminal('unused', 'unused --version')).toEqual(['--v8-pool-size=0']);
  });
});
