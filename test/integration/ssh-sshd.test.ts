// Real integration: OpenSSH sshd + the real journalctl reading a journal built by
// systemd-journal-remote. The scan of that journal over SSH (direct and through a jump sshd) must
// equal the scan of the same journal file read locally.
import { readdirSync, readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/core/types.js';
import { runScan } from '../../src/pipeline/scan.js';
import { createFindingsReducer } from '../../src/core/findings/index.js';
import type { SshOptions } from '../../src/sources/ssh/options.js';
import { essence } from './scan-essence.js';
import { buildJournal, HAVE_REAL_SSH, keygen, knownHostsEntry, startSshd, type Sshd } from './sshd.js';

const FIXTURE = join(import.meta.dirname, '../../fixtures/export/sample.export');

describe.skipIf(!HAVE_REAL_SSH)('ssh:// against a real sshd and journalctl', () => {
  let dir: string;
  let journal: string;
  let node: Sshd;
  let jump: Sshd;
  let ssh: SshOptions;
  const user = userInfo().username;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'a2g-sshd-'));
    const clientPub = keygen(join(dir, 'client_key'));
    journal = buildJournal(dir, readFileSync(FIXTURE));
    node = await startSshd(dir, 'node', clientPub, journal);
    jump = await startSshd(dir, 'jump', clientPub, null);
    const kh = join(dir, 'known_hosts');
    writeFileSync(kh, knownHostsEntry(node) + knownHostsEntry(jump));
    ssh = { identity: [join(dir, 'client_key')], knownHosts: kh, agent: null, sshConfigFile: null, defaultKeys: false, askPassphrase: null, home: dir, connectTimeoutMs: 10_000 };
  });

  afterAll(async () => {
    await Promise.all([node?.stop(), jump?.stop()]);
    // No journalctl of ours may outlive the test (they carry the temp dir in their argv).
    for (let i = 0; i < 50 && leftovers(dir).length; i++) await new Promise((r) => setTimeout(r, 100));
    expect(leftovers(dir)).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });

  const scan = (sources: string[], sshOpts?: SshOptions): Promise<ScanResult> =>
    runScan({ sources, filter: { uids: [], since: null, until: null }, year: null, signal: new AbortController().signal, ssh: sshOpts });

  it('the scan over SSH equals the scan of the journal file', async () => {
    const local = await scan([journal]);
    expect(local.errors).toEqual([]);
    expect(local.findings.length).toBeGreaterThan(3);
    const remote = await scan([`ssh://${user}@127.0.0.1:${node.port}`], ssh);
    expect(essence(remote)).toEqual(essence(local));
    // Only the filtered lines crossed the network.
    expect(remote.stats.bytes).toBeLessThan(local.stats.bytes);
  });

  it('through a second sshd used as jump host', async () => {
    const local = await scan([journal]);
    const remote = await scan([`ssh://${user}@127.0.0.1:${node.port}`], { ...ssh, jump: `${user}@127.0.0.1:${jump.port}` });
    expect(essence(remote)).toEqual(essence(local));
  });

  it('--since/--until reach the remote journalctl', async () => {
    const window = { uids: [], since: Date.parse('2024-05-14T09:02:00Z'), until: Date.parse('2024-05-14T09:04:00Z') };
    const local = await runScan({ sources: [journal], filter: window, year: null, signal: new AbortController().signal });
    const remote = await runScan({ sources: [`ssh://${user}@127.0.0.1:${node.port}`], filter: window, year: null, signal: new AbortController().signal, ssh });
    // Findings are the same; fewer lines crossed the network (journalctl cut the window remotely).
    expect(remote.findings.length).toBeGreaterThan(0);
    expect(remote.findings.length).toBeLessThan((await scan([journal])).findings.length);
    expect({ ...essence(remote), audit: null }).toEqual({ ...essence(local), audit: null });
    expect(remote.stats.auditLines).toBeLessThan(local.stats.auditLines);
  });

  it('--follow streams the journal, and closing leaves no remote journalctl behind', async () => {
    const local = await scan([journal]);
    const ac = new AbortController();
    const filter = { uids: [], since: null, until: null };
    const reducer = createFindingsReducer(filter);
    const done = runScan({
      sources: [`ssh://${user}@127.0.0.1:${node.port}`],
      filter,
      year: null,
      signal: ac.signal,
      follow: true,
      ssh,
      reducer,
      // Stop once every audit line of the journal was reduced (lines read also count notices and
      // other lines that cross, so their number is no signal of that).
      onCounts: () => {
        if (reducer.snapshot().auditLines >= local.stats.auditLines) ac.abort();
      },
    });
    const timer = setTimeout(() => ac.abort(), 10_000);
    const r = await done;
    clearTimeout(timer);
    expect(r.stats.auditLines).toBe(local.stats.auditLines);
    expect(r.findings.length).toBe(local.findings.length);
    for (let i = 0; i < 50 && journalctls(journal).length; i++) await new Promise((res) => setTimeout(res, 100));
    expect(journalctls(journal)).toEqual([]);
  });

  it('an unknown host key is refused by the real sshd handshake too', async () => {
    const r = await scan([`ssh://${user}@127.0.0.1:${node.port}`], { ...ssh, knownHosts: join(dir, 'empty_known_hosts') });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.message).toMatch(/is not in .*empty_known_hosts \(ssh-ed25519 key SHA256:/);
  });
});

function journalctls(journal: string): string[] {
  return leftovers(journal).filter((l) => l.includes('journalctl'));
}

function leftovers(dir: string): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(dir) && !cmd.includes('vitest')) out.push(`${pid}: ${cmd}`);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}
