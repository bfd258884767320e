// What a real terminal (tmux, 80x24, read-only loop over a journal file) shows of hostile rids: two
// long rids that differ only in the middle are two different rows, and a look-alike character
// (U+2011, a non-breaking hyphen, in a secret's path) is shown as its escape, in the list and in the
// detail pane, where it is named not grantable. Needs `npm run build`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditLines } from '../../src/sandbox/service/index.js';
import { BIN, exitCodeWritten, HAVE_TMUX, isolatedEnv, q, tmuxServer } from '../helpers/tmux.js';

const server = tmuxServer('a2g-tui-rids');
const { start, pane, keys, until } = server.session('rids');
const UID = 'svc';
const mid = (c: string) => `dcos:mesos:master:framework:role:${'r'.repeat(100)}${c}${'r'.repeat(100)}`;
const LOOK = 'dcos:secrets:default:/prod\u2011payments/keystore';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'a2g-tui-rids-'));
});
afterAll(() => {
  server.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!HAVE_TMUX)('hostile rids on a real terminal', () => {
  it('look-alike rids are told apart, and a non-ASCII character shows as its escape', async () => {
    const now = Date.now();
    const ctx = (seq: number) => ({ uid: UID, now: now - 60_000 + seq, host: 'master-1', clientIp: '10.0.2.15', masterIp: '10.0.0.11', seq });
    const log = join(dir, 'journal.log');
    writeFileSync(log, [
      ...auditLines(ctx(1), { checker: 'mesos', rid: mid('A'), action: 'create' }, 'deny'),
      ...auditLines(ctx(2), { checker: 'mesos', rid: mid('B'), action: 'create' }, 'deny'),
      ...auditLines(ctx(3), { checker: 'secrets', rid: LOOK, action: 'read' }, 'deny'),
    ].join('\n') + '\n');
    const rc = join(dir, 'rc');
    start(`cd ${q(dir)} && ${isolatedEnv(dir)} NO_COLOR=1 ${q(process.execPath)} ${q(BIN)} ${q(log)} --uid ${UID} --no-follow; echo $? > ${q(rc)}; sleep 60`, 80, 24);

    // A frame reaches tmux in more than one write: wait for what is asserted, in the same capture.
    const list = await until('the three findings', () => {
      const p = pane();
      return p.includes('findings 1/3') && p.includes('prod\\u2011payments') && (p.match(/create dcos:mesos/g) ?? []).length === 2 && p;
    });
    const rows = list.split('\n').filter((l) => l.includes('create dcos:mesos'));
    expect(rows[0]).toContain('A');
    expect(rows[1]).toContain('B');
    expect(rows[0]?.replace('›', ' ').replace('A', 'B')).toBe(rows[1]); // the same row but for the character that differs
    expect(list).not.toContain('\u2011');
    // The detail pane of the look-alike: the escape, and why it cannot be granted.
    keys('j', 'j');
    const detail = await until('its detail', () => {
      const p = pane();
      return p.includes('findings 3/3') && /\nread {2}SENSITIVE {2}not grantable {2}svc/.test(p) && /status: rid "dcos:secrets:default:\/prod\\u2011payments\/keystore" contains non-AS/.test(p) && p;
    });
    expect(detail).not.toContain('\u2011');
    keys('q');
    await until('the exit', () => exitCodeWritten(rc));
  }, 60_000);

  // Review r-loop, finding 6: the reason names the rid as the row shows it (`\x1b`, `\x20`), not in
  // another escape (`\u001b`) or with a raw space.
  it("a not-grantable rid's reason names it as its row shows it", async () => {
    const s = server.session('reasons');
    const ESC = 'dcos:mesos:master:framework:role:\u001b[2J';
    const SPACE = 'dcos:mesos:master:framework:role:space here';
    const now = Date.now();
    const ctx = (seq: number) => ({ uid: UID, now: now - 60_000 + seq, host: 'master-1', clientIp: '10.0.2.15', masterIp: '10.0.0.11', seq });
    const log = join(dir, 'reasons.log');
    writeFileSync(log, [
      ...auditLines(ctx(1), { checker: 'mesos', rid: ESC, action: 'create' }, 'deny'),
      ...auditLines(ctx(2), { checker: 'mesos', rid: SPACE, action: 'create' }, 'deny'),
    ].join('\n') + '\n');
    const rc = join(dir, 'rc2');
    s.start(`cd ${q(dir)} && ${isolatedEnv(dir)} NO_COLOR=1 ${q(process.execPath)} ${q(BIN)} ${q(log)} --uid ${UID} --no-follow; echo $? > ${q(rc)}; sleep 60`, 140, 30);
    const shownEsc = 'dcos:mesos:master:framework:role:\\x1b[2J';
    const shownSpace = 'dcos:mesos:master:framework:role:space\\x20here';
    await s.until('the two rows', () => s.pane().includes('findings 1/2') && s.pane().includes(`create ${shownEsc}`) && s.pane().includes(`create ${shownSpace}`));
    const reasons = new Set<string>();
    for (const k of ['', 'j']) {
      if (k) s.keys(k);
      await s.until(`the detail ${k || 'first'}`, () => {
        const p = s.pane();
        for (const [rid, why] of [[shownEsc, 'control characters'], [shownSpace, 'whitespace']] as const) {
          if (p.includes(`status: rid "${rid}" contains ${why}`)) reasons.add(rid);
        }
        return reasons.size === (k ? 2 : 1);
      });
    }
    expect(s.pane()).not.toContain('\\u001b');
    s.keys('q');
    await s.until('the exit', () => exitCodeWritten(rc));
    s.kill();
  }, 60_000);
});
