// Real integration: OpenSSH sshd + the real journalctl reading a journal built by
// systemd-journal-remote. The scan of that journal over SSH (direct and through a jump sshd) must
// equal the scan of the same journal file read locally.
import { readdirSync, readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/core/types.js';
import { runScan } from '../../src/pipeline/scan.js';
import { createFindingsAggregator } from '../../src/core/findings/index.js';
import type { SshOptions } from '../../src/sources/ssh/options.js';
import { SshError } from '../../src/sources/ssh/errors.js';
import { connectOnce } from '../sources/ssh/helpers.js';
import { waitFor } from '../helpers/wait.js';
import { essence } from './scan-essence.js';
import { buildJournal, HAVE_REAL_SSH, keygen, knownHostsEntry, startSshd, type Sshd } from './sshd.js';

const FIXTURE = join(import.meta.dirname, '../../fixtures/export/sample.export');

describe.skipIf(!HAVE_REAL_SSH)('ssh:// against a real sshd and journalctl', () => {
  let dir: string;
  let journal: string;
  let node: Sshd;
  let jump: Sshd;
  let ssh: SshOptions;
  let clientPub: string;
  const user = userInfo().username;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'a2g-sshd-'));
    clientPub = keygen(join(dir, 'client_key'));
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
    // Processes of the sshd's sessions, not ours: no event says they ended, so a bounded poll.
    await waitFor(() => leftovers(dir).length === 0, { what: 'no process of ours left', timeoutMs: 5000, intervalMs: 100, detail: () => `: ${leftovers(dir).join('; ')}` });
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
    const aggregator = createFindingsAggregator(filter);
    const done = runScan({
      sources: [`ssh://${user}@127.0.0.1:${node.port}`],
      filter,
      year: null,
      signal: ac.signal,
      follow: true,
      ssh,
      aggregator,
      // Stop once every audit line of the journal was reduced (lines read also count notices and
      // other lines that cross, so their number is no signal of that).
      onCounts: () => {
        if (aggregator.snapshot().auditLines >= local.stats.auditLines) ac.abort();
      },
    });
    const timer = setTimeout(() => ac.abort(), 10_000);
    const r = await done;
    clearTimeout(timer);
    expect(r.stats.auditLines).toBe(local.stats.auditLines);
    expect(r.findings.length).toBe(local.findings.length);
    await waitFor(() => journalctls(journal).length === 0, { what: 'the remote journalctl to end', timeoutMs: 5000, intervalMs: 100, detail: () => `: ${journalctls(journal).join('; ')}` });
  });

  it('an unknown host key is refused by the real sshd handshake too', async () => {
    const url = `ssh://${user}@127.0.0.1:${node.port}`;
    const r = await scan([url], { ...ssh, knownHosts: join(dir, 'empty_known_hosts') });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.message).toMatch(/is not in .*empty_known_hosts \(ssh-ed25519 key SHA256:/);
    // The failure itself says what it is: a host key refusal, which no reconnect cures.
    const e = await connectOnce(url, { ...ssh, knownHosts: join(dir, 'empty_known_hosts') });
    expect(e).toBeInstanceOf(SshError);
    expect(e).toMatchObject({ kind: 'host-key', retriable: false, message: r.errors[0]?.message });
  });

  it('a port where sshd no longer listens: a refused connection, which a reconnect may cure', async () => {
    const gone = await startSshd(dir, 'gone', clientPub, null);
    await gone.stop();
    const url = `ssh://${user}@127.0.0.1:${gone.port}`;
    const r = await scan([url], ssh);
    expect(r.errors.map((x) => x.message)).toEqual([`connection refused by 127.0.0.1:${gone.port}: is sshd running, is the port right?`]);
    expect(await connectOnce(url, ssh)).toMatchObject({ kind: 'refused', retriable: true, code: 'ECONNREFUSED', message: r.errors[0]!.message });
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
