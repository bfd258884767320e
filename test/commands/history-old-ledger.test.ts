// A ledger written by an older audit2grant (or by hand) may hold a URL's password or token in a
// record's cluster or detail: new results are redacted where they are made (src/iam/grants.ts), old
// lines only where `history` reads them back, so it must still hide them (docs/iam-api.md).
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runHistory } from '../../src/commands/history/handler.js';
import type { CommandContext } from '../../src/commands/context.js';
import { scratch } from '../helpers/tmp.js';

const s = scratch('a2g-history-old-');
const URL_WITH_SECRETS = 'https://user:pw@h/x?token=SECRET#frag';

/** A state dir whose ledger holds one unredacted record, in the format earlier versions wrote. */
function oldLedger(): NodeJS.ProcessEnv {
  const state = s.tmp();
  mkdirSync(join(state, 'audit2grant'), { recursive: true, mode: 0o700 });
  const record = {
    time: '2026-03-01T10:00:00.000Z', cluster: 'https://admin:pw@old.example', session: 's-old', uid: 'svc', rid: 'dcos:mesos:master:log', action: 'read',
    op: 'grant', outcome: 'failed', aclCreated: false, detail: `no answer from ${URL_WITH_SECRETS}`,
  };
  writeFileSync(join(state, 'audit2grant', 'ledger.jsonl'), `${JSON.stringify(record)}\n`, { mode: 0o600 });
  return { XDG_STATE_HOME: state, HOME: state };
}

async function history(env: NodeJS.ProcessEnv, args: { format?: string }): Promise<string> {
  let text = '';
  const write = (t: string) => void (text += t);
  await runHistory(args, {} as CommandContext, { stdout: write, stderr: write }, env);
  return text;
}

describe('history of an old, unredacted ledger record', () => {
  it('json and table show its detail and cluster redacted', async () => {
    const env = oldLedger();
    const json = await history(env, { format: 'json' });
    expect(JSON.parse(json)).toMatchObject([{ cluster: 'https://***@old.example', detail: 'no answer from https://***@h/x?token=***#frag' }]);
    const table = await history(env, {});
    expect(table).toMatch(/s-old .* https:\/\/\*\*\*@old\.example$/m);
    expect(json + table).not.toMatch(/SECRET|:pw@/);
  });

  it('the table escapes every field a hand edit could fill with control characters', async () => {
    const state = s.tmp();
    mkdirSync(join(state, 'audit2grant'), { recursive: true, mode: 0o700 });
    const esc = '\u001b[2J';
    const record = {
      time: `2026-03-01T10:00:00.000Z${esc}`, cluster: `https://h${esc}`, session: `s-${esc}`, uid: 'svc', rid: 'dcos:mesos:master:log', action: `read${esc}`,
      op: 'grant', outcome: 'failed', aclCreated: false, undoOf: `u-${esc}`,
    };
    writeFileSync(join(state, 'audit2grant', 'ledger.jsonl'), `${JSON.stringify(record)}\n`, { mode: 0o600 });
    const table = await history({ XDG_STATE_HOME: state, HOME: state }, {});
    expect(table).toContain('s-\\x1b[2J');
    expect(table).toContain('read\\x1b[2J');
    expect(table).toContain('undo of u-\\x1b[2J');
    expect(table).not.toContain('\u001b');
  });

  it('an outcome line this version cannot read (a newer outcome word) is said so, not "may be applied"', async () => {
    const state = s.tmp();
    mkdirSync(join(state, 'audit2grant'), { recursive: true, mode: 0o700 });
    const line = { kind: 'intent', id: 'a1', time: '2026-12-01T10:00:00.000Z', cluster: 'https://h', session: 's-new', uid: 'svc', rid: 'dcos:mesos:master:log', action: 'read', op: 'grant' };
    const text = [line, { ...line, kind: 'outcome', outcome: 'held elsewhere', aclCreated: false }].map((l) => JSON.stringify(l)).join('\n');
    writeFileSync(join(state, 'audit2grant', 'ledger.jsonl'), `${text}\n`, { mode: 0o600 });
    const table = await history({ XDG_STATE_HOME: state, HOME: state }, {});
    expect(table).toMatch(/s-new +grant +unknown .* outcome unreadable \(line 2\): check by hand, acl: may have been created +https:\/\/h$/m);
    expect(table).not.toContain('may be applied');
    // The JSON keeps `interrupted`, as before `unreadable` existed: fields are only added (review r-diff, finding 5).
    const json = (await history({ XDG_STATE_HOME: state, HOME: state }, { format: 'json' })).replace(/^warning: .*\n/gm, '');
    const [rec] = JSON.parse(json) as Array<Record<string, unknown>>;
    expect([rec?.unreadable, rec?.interrupted, rec?.outcome]).toEqual([true, true, 'unknown']);
  });
});
