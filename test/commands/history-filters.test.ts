// `history --uid/--gid` checks its values as scan (and grant) check theirs, with the same messages:
// a value no account or group can have is a usage error, never "no record of …" read as an answer.
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runHistory, type HistoryArgs } from '../../src/commands/history/handler.js';
import type { CommandContext } from '../../src/commands/context.js';
import { scanFilterOf } from '../../src/commands/options/scan.js';
import { UsageError } from '../../src/errors.js';
import { scratch } from '../helpers/tmp.js';

const s = scratch('a2g-history-filters-');

function ledger(): NodeJS.ProcessEnv {
  const state = s.tmp();
  mkdirSync(join(state, 'audit2grant'), { recursive: true, mode: 0o700 });
  const pair = { id: '9f0c2a7d1b3e4f56', cluster: 'https://c.example', session: 's-1', uid: 'svc', rid: 'dcos:mesos:master:log', action: 'read', op: 'grant' };
  const lines = [
    { kind: 'intent', time: '2026-03-01T10:00:00.000Z', ...pair },
    { kind: 'outcome', time: '2026-03-01T10:00:00.100Z', ...pair, outcome: 'granted', aclCreated: false, detail: '' },
  ];
  writeFileSync(join(state, 'audit2grant', 'ledger.jsonl'), lines.map((l) => `${JSON.stringify(l)}\n`).join(''), { mode: 0o600 });
  return { XDG_STATE_HOME: state, HOME: state };
}

async function history(args: HistoryArgs): Promise<{ out: string; error: unknown }> {
  let out = '';
  const write = (t: string) => void (out += t);
  try {
    await runHistory(args, { setExitCode: () => undefined } as unknown as CommandContext, { stdout: write, stderr: write }, ledger());
    return { out, error: null };
  } catch (error) {
    return { out, error };
  }
}

/** What scan says of the same --uid values. */
function scanSays(uid: string[]): unknown {
  try {
    scanFilterOf({ uid }, 0);
  } catch (e) {
    return e;
  }
  return null;
}

describe('history --uid and --gid are checked', () => {
  it.each([[['a b']], [['a,b']], [['']], [['svc', '..']]])('--uid %j: the usage error scan gives, before the ledger is read', async (uid) => {
    const { out, error } = await history({ uid });
    expect(error).toBeInstanceOf(UsageError);
    const same = scanSays(uid) as UsageError;
    expect({ message: (error as UsageError).message, hint: (error as UsageError).hint }).toEqual({ message: same.message, hint: same.hint });
    expect(out).toBe('');
  });

  it('--gid: a bad group id says what one looks like; a list, how to repeat the flag', async () => {
    const bad = (await history({ gid: ['/ops'] })).error as UsageError;
    expect(bad.message).toBe('--gid: gid "/ops" has characters DC/OS does not allow (only letters, digits, - _ @ .)');
    expect(bad.hint).toMatch(/^a group id is 1 to 96 letters, digits, - _ @ \. \(not only dots, not starting with -\), e\.g\. --gid ops/);
    const listed = (await history({ gid: ['ops,dev'] })).error as UsageError;
    expect(listed.hint).toBe('--gid takes one value and repeats: --gid ops --gid dev');
  });

  it('a valid --uid is trimmed as scan trims it, and finds its records', async () => {
    const { out, error } = await history({ uid: [' svc '] });
    expect(error).toBeNull();
    expect(out).toMatch(/s-1 +grant +granted +svc /);
  });
});
