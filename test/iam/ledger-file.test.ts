// Who may touch the ledger (docs/ledger.md): no symlink, no FIFO, a directory of our own that others
// cannot write (created 0700), a file of our own (tightened to 0600). Real files in temp dirs.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ledger, LedgerError, type LedgerLine } from '../../src/iam/ledger.js';
import { tempDir } from './helpers.js';

let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir('a2g-ledger-file-')));
afterEach(() => t.cleanup());

const line: LedgerLine = { kind: 'intent', id: 'a1', time: '2024-05-02T10:00:00.000Z', cluster: 'https://c', session: 's1', uid: 'svc', rid: 'dcos:x', action: 'read', op: 'grant' };
const isRoot = process.geteuid?.() === 0;
const NOBODY = 65534;
const mode = (p: string) => statSync(p).mode & 0o777;

function both(l: Ledger): Array<() => unknown> {
  return [() => l.write([line]), () => l.read(), () => l.ensureWritable()];
}

describe('the ledger directory', () => {
  it('is created 0700, with its missing parents', () => {
    const l = new Ledger(join(t.dir, 'state', 'audit2grant', 'ledger.jsonl'));
    l.write([line]);
    expect(mode(join(t.dir, 'state'))).toBe(0o700);
    expect(mode(join(t.dir, 'state', 'audit2grant'))).toBe(0o700);
    expect(mode(l.path)).toBe(0o600);
  });

  it.each([0o777, 0o770, 0o722])('is refused when others may write it (mode %o), one line, nothing written', (m) => {
    const dir = join(t.dir, 'shared');
    mkdirSync(dir);
    chmodSync(dir, m);
    const l = new Ledger(join(dir, 'ledger.jsonl'));
    for (const f of both(l)) {
      expect(f).toThrow(LedgerError);
      expect(f).toThrow(new RegExp(`^the ledger directory ${dir} may be written by others \\(mode 0${m.toString(8)}\\): refused$`));
    }
    expect(existsSync(l.path)).toBe(false);
  });

  it('is never used through a symbolic link (even to a directory of our own), for reading or writing', () => {
    const real = join(t.dir, 'real');
    mkdirSync(real, { mode: 0o700 });
    writeFileSync(join(real, 'ledger.jsonl'), '', { mode: 0o600 });
    const dir = join(t.dir, 'audit2grant');
    symlinkSync(real, dir);
    const l = new Ledger(join(dir, 'ledger.jsonl'));
    for (const f of both(l)) expect(f).toThrow(new RegExp(`^the ledger directory ${dir} is a symbolic link: refused$`));
    expect(readFileSync(join(real, 'ledger.jsonl'), 'utf8')).toBe('');
  });

  it('a missing directory reads as an empty ledger and is not created by reading', () => {
    const l = new Ledger(join(t.dir, 'none', 'ledger.jsonl'));
    expect(l.read()).toEqual({ records: [], warnings: [] });
    expect(existsSync(join(t.dir, 'none'))).toBe(false);
  });

  it('a read-only file others may read keeps its owner read-only: 0444 becomes 0400, never writable', () => {
    const warnings: string[] = [];
    const l = new Ledger(join(t.dir, 'ledger.jsonl'), (w) => warnings.push(w));
    writeFileSync(l.path, `${JSON.stringify(line)}\n`, { mode: 0o600 });
    chmodSync(l.path, 0o444);
    expect(l.read().records).toHaveLength(1);
    expect(mode(l.path)).toBe(0o400);
    expect(warnings).toEqual([`the ledger ${l.path} could be read or written by others (mode 0444): tightened to 0400`]);
  });

  it.skipIf(!isRoot)('is refused when another user owns it', () => {
    const dir = join(t.dir, 'theirs');
    mkdirSync(dir, { mode: 0o700 });
    chownSync(dir, NOBODY, NOBODY);
    const l = new Ledger(join(dir, 'ledger.jsonl'));
    for (const f of both(l)) expect(f).toThrow(new RegExp(`^the ledger directory ${dir} belongs to uid ${NOBODY}, not to you \\(uid 0\\): refused$`));
    expect(existsSync(l.path)).toBe(false);
  });
});

describe('the ledger file', () => {
  it('is never opened through a symbolic link (existing target or dangling), for reading or writing', () => {
    const target = join(t.dir, 'elsewhere.jsonl');
    writeFileSync(target, 'theirs\n', { mode: 0o600 });
    const l = new Ledger(join(t.dir, 'ledger.jsonl'));
    symlinkSync(target, l.path);
    for (const f of both(l)) expect(f).toThrow(new RegExp(`^the ledger ${l.path} is a symbolic link: refused$`));
    expect(readFileSync(target, 'utf8')).toBe('theirs\n');

    const dangling = new Ledger(join(t.dir, 'dangling.jsonl'));
    symlinkSync(join(t.dir, 'would-be-created.jsonl'), dangling.path);
    expect(() => dangling.write([line])).toThrow(/is a symbolic link: refused/);
    expect(existsSync(join(t.dir, 'would-be-created.jsonl'))).toBe(false);
  });

  it.each([0o666, 0o644, 0o640, 0o604])('mode %o is tightened to 0600, with a warning, on write and on read', (m) => {
    const warnings: string[] = [];
    const l = new Ledger(join(t.dir, 'ledger.jsonl'), (w) => warnings.push(w));
    writeFileSync(l.path, '', { mode: 0o600 });
    chmodSync(l.path, m);
    l.write([line]);
    expect(mode(l.path)).toBe(0o600);
    expect(warnings).toEqual([`the ledger ${l.path} could be read or written by others (mode 0${m.toString(8)}): tightened to 0600`]);
    chmodSync(l.path, m);
    expect(l.read().records).toHaveLength(1);
    expect(mode(l.path)).toBe(0o600);
    expect(warnings).toHaveLength(2);
  });

  it.skipIf(!isRoot)('is refused when another user owns it', () => {
    const l = new Ledger(join(t.dir, 'ledger.jsonl'));
    writeFileSync(l.path, '', { mode: 0o600 });
    chownSync(l.path, NOBODY, NOBODY);
    for (const f of both(l)) expect(f).toThrow(new RegExp(`^the ledger ${l.path} belongs to uid ${NOBODY}, not to you \\(uid 0\\): refused$`));
    expect(readFileSync(l.path, 'utf8')).toBe('');
  });

  it('a FIFO is refused at once (no hang waiting for a writer or reader)', () => {
    const l = new Ledger(join(t.dir, 'ledger.jsonl'));
    try {
      execFileSync('mkfifo', [l.path]);
    } catch {
      return; // no mkfifo here: nothing to test
    }
    for (const f of both(l)) expect(f).toThrow(new RegExp(`^the ledger ${l.path} is not a regular file: refused$`));
  });
});
