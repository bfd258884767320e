import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSources } from '../../src/sources/index.js';
import { JOURNALCTL_MISSING } from '../../src/sources/journal-file.js';
import { collect, tempDir } from './helpers.js';
import { nth } from '../helpers/nth.js';
import { waitFor } from '../helpers/wait.js';

const REMOTE = '/lib/systemd/systemd-journal-remote';
const haveTools = existsSync(REMOTE) && (() => {
  try {
    execFileSync('journalctl', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!haveTools) console.warn(`skipping binary journal tests: ${REMOTE} or journalctl is not installed (apt-get install systemd-journal-remote)`);

/** What a process's fd 3 leads to, when it is a journalctl (else null: gone, or not ours to read). */
function readJournalFd(pid: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'journalctl' ? readlinkSync(`/proc/${pid}/fd/3`) : null;
  } catch {
    return null;
  }
}

const zombie = (pid: string): boolean => {
  try {
    return / Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\)/, ''));
  } catch {
    return true;
  }
};

function exportEntries(n: number): string {
  let out = '';
  for (let i = 1; i <= n; i++) {
    out +=
      `__CURSOR=s=1;i=${i}\n__REALTIME_TIMESTAMP=${1551441600000000 + i}\n__MONOTONIC_TIMESTAMP=${i}\n` +
      `_BOOT_ID=0123456789abcdef0123456789abcdef\n_HOSTNAME=m1\nSYSLOG_IDENTIFIER=nginx\n_SYSTEMD_UNIT=dcos-adminrouter.service\n` +
      `MESSAGE=type=audit result=deny uid=svc-${i} ${'x'.repeat(200)}\n\n`;
  }
  return out;
}

describe.skipIf(!haveTools)('binary journal files', () => {
  const t = tempDir();
  const d = t.dir;
  beforeAll(() => {
    writeFileSync(join(d, 'small.export'), exportEntries(3));
    execFileSync(REMOTE, ['-o', join(d, 'small.journal'), join(d, 'small.export')], { stdio: 'ignore' });
    // same bytes under a name without the .journal suffix: detected by the LPKSHHRH magic
    execFileSync('cp', [join(d, 'small.journal'), join(d, 'journal-copy')]);
    writeFileSync(join(d, 'big.export'), exportEntries(20000));
    execFileSync(REMOTE, ['-o', join(d, 'big.journal'), join(d, 'big.export')], { stdio: 'ignore' });
    // the journal magic and nothing of a journal after it: journalctl refuses it
    writeFileSync(join(d, 'fake.journal'), 'LPKSHHRHnot really a journal, only its magic\n');
    // `journalctl -u 'dcos-*' > master.journal`: text under a journal name
    writeFileSync(join(d, 'text.journal'), '2019-03-01T12:00:00+0000 m1 nginx[1240]: type=audit result=deny uid=svc-text\n');
    mkdirSync(join(d, 'emptybin'));
  });
  afterAll(() => t.cleanup());

  it('decodes a journal file through journalctl into export framing', async () => {
    const got = await collect([join(d, 'small.journal'), join(d, 'journal-copy')]);
    expect(got.map((g) => [g.kind, g.framing, g.size])).toEqual([
      ['stream', 'export', null],
      ['stream', 'export', null],
    ]);
    expect(got[0]?.text).toMatch(/^__CURSOR=/);
    expect(got[0]?.text).toContain('MESSAGE=type=audit result=deny uid=svc-3');
    expect(nth(got, 0).text?.match(/^MESSAGE=/gm)).toHaveLength(3);
  });

  it("reports journalctl's error line even after many warnings", async () => {
    const bin = join(d, 'noisybin');
    mkdirSync(bin, { recursive: true });
    // Its error names the file as it was handed over (/dev/fd/3): said as the file's own name.
    const script = `#!/bin/sh\ni=0; while [ $i -lt 400 ]; do echo "Warning: journal file is truncated, ignoring file ($i)" >&2; i=$((i+1)); done\necho "Failed to open journal /dev/fd/3: Bad message" >&2\nexit 1\n`;
    writeFileSync(join(bin, 'journalctl'), script, { mode: 0o755 });
    const saved = process.env.PATH;
    process.env.PATH = `${bin}:${saved}`;
    try {
      const got = await collect([join(d, 'small.journal')]);
      expect(got[0]).toMatchObject({ kind: 'error' });
      expect(got[0]?.message).toMatch(/could not read (\S*)small\.journal: Failed to open journal \1small\.journal: Bad message$/);
    } finally {
      process.env.PATH = saved;
    }
  });

  it("reports journalctl's failure with a line of its stderr", async () => {
    const got = await collect([join(d, 'fake.journal'), join(d, 'small.export')]);
    expect(got[0]).toMatchObject({ kind: 'error', label: join(d, 'fake.journal') });
    expect(got[0]?.message).toMatch(/^journalctl could not read .*fake\.journal: \S/);
    expect(nth(got, 0).message).not.toContain('\n');
    expect(got[1]).toMatchObject({ kind: 'stream', framing: 'export' });
  });

  it('reads a text log saved under a .journal name as text: the magic bytes decide, not the name', async () => {
    const got = await collect([join(d, 'text.journal')]);
    expect(got.map((g) => [g.kind, g.framing])).toEqual([['stream', 'lines']]);
    expect(got[0]?.text).toContain('uid=svc-text');
  });

  it('says how to get journalctl when it is not on PATH', async () => {
    const saved = process.env.PATH;
    process.env.PATH = join(d, 'emptybin');
    try {
      const got = await collect([join(d, 'small.journal')]);
      expect(got).toEqual([{ kind: 'error', label: join(d, 'small.journal'), message: JOURNALCTL_MISSING }]);
    } finally {
      process.env.PATH = saved;
    }
  });

  it('kills journalctl when the scan is aborted mid-stream', async () => {
    const ac = new AbortController();
    const items = [];
    let bytes = 0;
    // journalctl reads the journal through its inherited fd 3 (journal-file.ts): found by that fd.
    const running = (): string[] => readdirSync('/proc').filter((pid) => /^\d+$/.test(pid) && readJournalFd(pid) === join(d, 'big.journal') && !zombie(pid));
    let whileRead: string[] = [];
    for await (const item of openSources([join(d, 'big.journal'), join(d, 'small.journal')], { signal: ac.signal, year: null })) {
      items.push(item);
      if (!('chunks' in item)) continue;
      for await (const c of item.chunks) {
        bytes += c.length;
        whileRead = running();
        ac.abort();
      }
    }
    expect(whileRead).toHaveLength(1); // the poll below finds it
    expect(items).toHaveLength(1);
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(20000 * 250);
    // SIGTERM was sent; the child is the source's (no handle here), so a bounded poll for it to go away.
    await waitFor(() => running().length === 0, { what: 'journalctl to end after the abort', timeoutMs: 5000, intervalMs: 50, detail: () => `: ${running().join('; ')}` });
  });
});
