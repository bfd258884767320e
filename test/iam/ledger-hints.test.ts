// Every refusal of the ledger's file or directory ends with a hint that reads as a whole sentence
// (docs/ledger.md, "Who may touch the file"): never a tail like "or point XDG_STATE_HOME …" with
// nothing before it. Real files in temp dirs, and the built CLI once (needs `npm run build`).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, chownSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ledger, LedgerError, type LedgerLine } from '../../src/iam/ledger.js';
import { cleanEnv, run, tempDir } from './helpers.js';

let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir('a2g-ledger-hints-')));
afterEach(() => t.cleanup());

const line: LedgerLine = { kind: 'intent', id: 'a1', time: '2024-05-02T10:00:00.000Z', cluster: 'https://c', session: 's1', uid: 'svc', rid: 'dcos:x', action: 'read', op: 'grant' };
const isRoot = process.geteuid?.() === 0;
const ELSEWHERE = 'point XDG_STATE_HOME to a directory of your own';

/** The hint of the LedgerError `f` throws. */
function hintOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof LedgerError) return e.hint;
    throw e;
  }
  throw new Error('no LedgerError thrown');
}

describe('a refusal\'s hint', () => {
  it('is a whole sentence for each kind of refusal, reading or writing', () => {
    const file = join(t.dir, 'a-file');
    writeFileSync(file, '');
    const linked = join(t.dir, 'linked');
    mkdirSync(join(t.dir, 'real'), { mode: 0o700 });
    symlinkSync(join(t.dir, 'real'), linked);
    const open = join(t.dir, 'open');
    mkdirSync(open, { mode: 0o700 });
    chmodSync(open, 0o777);
    const mine = join(t.dir, 'mine');
    mkdirSync(mine, { mode: 0o700 });
    symlinkSync(join(t.dir, 'elsewhere.jsonl'), join(mine, 'link.jsonl'));
    mkdirSync(join(mine, 'dir.jsonl'));
    const at = (p: string) => new Ledger(p);
    const hints = {
      // Under a file (XDG_STATE_HOME=/dev/null/x): neither created nor read.
      create: hintOf(() => at(join(file, 'x', 'audit2grant', 'ledger.jsonl')).write([line])),
      read: hintOf(() => at(join(file, 'audit2grant', 'ledger.jsonl')).read()),
      notDir: hintOf(() => at(join(file, 'ledger.jsonl')).read()),
      dirLink: hintOf(() => at(join(linked, 'ledger.jsonl')).read()),
      dirOpen: hintOf(() => at(join(open, 'ledger.jsonl')).write([line])),
      fileLink: hintOf(() => at(join(mine, 'link.jsonl')).read()),
      fileDir: hintOf(() => at(join(mine, 'dir.jsonl')).write([line])),
    };
    expect(hints).toEqual({
      create: ELSEWHERE,
      read: ELSEWHERE,
      notDir: ELSEWHERE,
      dirLink: `move the link away (audit2grant makes a directory of its own there), or ${ELSEWHERE}`,
      dirOpen: `run \`chmod go-w ${open}\`, or ${ELSEWHERE}`,
      fileLink: `move the link away (audit2grant writes a regular file there), or ${ELSEWHERE}`,
      fileDir: `move it away, or ${ELSEWHERE}`,
    });
  });

  it.skipIf(!isRoot)('another user\'s directory or file: a whole sentence too', () => {
    const theirs = join(t.dir, 'theirs');
    mkdirSync(theirs, { mode: 0o700 });
    chownSync(theirs, 65534, 65534);
    expect(hintOf(() => new Ledger(join(theirs, 'ledger.jsonl')).read())).toBe(ELSEWHERE);
    const file = join(t.dir, 'ledger.jsonl');
    writeFileSync(file, '', { mode: 0o600 });
    chownSync(file, 65534, 65534);
    expect(hintOf(() => new Ledger(file).read())).toBe(`move it away, or ${ELSEWHERE}`);
  });

  it('the CLI with XDG_STATE_HOME under a file: one line and a hint that stands alone, nothing sent', async () => {
    const file = join(t.dir, 'a-file');
    writeFileSync(file, '');
    const env = cleanEnv(t.dir, { XDG_STATE_HOME: join(file, 'x') });
    const g = await run(['grant', '--uid', 'svc', 'dcos:mesos:master:log', 'read', '--token', 't', '--cluster-url', 'https://127.0.0.1:1'], env);
    expect(g.code).toBe(1);
    expect(g.stderr).toBe(`audit2grant: cannot create the ledger directory ${join(file, 'x', 'audit2grant')} (ENOTDIR)\n  hint: ${ELSEWHERE}\n`);
  });
});
