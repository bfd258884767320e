// The loop's scan job in its worker thread (the built dist/ module) reading a real sshd + journalctl:
// the same findings as the local scan of that journal, and the remote command gone after a stop.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan } from '../../src/pipeline/scan.js';
import type { SshOptions } from '../../src/sources/ssh/options.js';
import type { ScanJobOptions } from '../../src/ui/adapters/scan-job.js';
import type { StartScan } from '../../src/ui/ports.js';
import { waitFor } from '../helpers/wait.js';
import { buildJournal, HAVE_REAL_SSH, keygen, knownHostsEntry, startSshd, type Sshd } from './sshd.js';

const FIXTURE = join(import.meta.dirname, '../../fixtures/export/sample.export');
const built = fileURLToPath(new URL('../../dist/ui/adapters/worker-scan-job.js', import.meta.url));

/** Processes whose command line names `dir` (our remote journalctl, through sshd). */
function leftovers(dir: string): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(dir) && cmd.includes('journalctl') && !cmd.includes('vitest')) out.push(`${pid}: ${cmd}`);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

describe.skipIf(!HAVE_REAL_SSH || !existsSync(built))('scan worker over ssh:// against a real sshd', () => {
  let dir: string;
  let journal: string;
  let node: Sshd;
  let ssh: SshOptions;
  const user = userInfo().username;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'a2g-sshw-'));
    const clientPub = keygen(join(dir, 'client_key'));
    journal = buildJournal(dir, readFileSync(FIXTURE));
    node = await startSshd(dir, 'node', clientPub, journal);
    const kh = join(dir, 'known_hosts');
    writeFileSync(kh, knownHostsEntry(node));
    ssh = { identity: [join(dir, 'client_key')], knownHosts: kh, agent: null, sshConfigFile: null, defaultKeys: false, askPassphrase: null, home: dir, connectTimeoutMs: 10_000 };
  });

  afterAll(async () => {
    await node?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds what the local scan finds, follows, and leaves no remote command after a stop', async () => {
    const filter = { uids: [], since: null, until: null };
    const local = await runScan({ sources: [journal], filter, year: null, signal: new AbortController().signal });
    const { workerScanJobFactory } = (await import(built)) as { workerScanJobFactory(o: ScanJobOptions): StartScan };
    const ac = new AbortController();
    const job = workerScanJobFactory({ sources: [`ssh://${user}@127.0.0.1:${node.port}`], filter, year: null, follow: true, ssh })(ac.signal);
    const key = (f: { uid: string; rid: string; action: string; count: number }) => `${f.uid} ${f.rid} ${f.action} ${f.count}`;
    const want = local.findings.map(key).sort();
    await waitFor(() => job.snapshot().findings.length === want.length && job.snapshot().sources[0]?.state === 'following', {
      what: 'the findings over SSH, then following',
      timeoutMs: 20_000,
      detail: () => `\n${JSON.stringify(job.snapshot().sources)} ${job.snapshot().findings.length}/${want.length}`,
    });
    expect(job.snapshot().findings.map(key).sort()).toEqual(want);
    expect(leftovers(dir).length).toBeGreaterThan(0); // journalctl -f runs on the "node"
    ac.abort();
    await job.done;
    await waitFor(() => leftovers(dir).length === 0, { what: 'the remote journalctl to end', timeoutMs: 10_000, detail: () => `\n${leftovers(dir).join('\n')}` });
  }, 40_000);
});
