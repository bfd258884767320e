// The loop's held-not-used list reads its ssh:// sources once, to their end, even though the loop
// follows them (its ssh options say follow): a real sshd + journalctl. It never finished before.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SshOptions } from '../../src/sources/ssh/options.js';
import { runUsageScanOnce } from '../../src/ui/adapters/usage-scan.js';
import { buildJournal, HAVE_REAL_SSH, keygen, knownHostsEntry, startSshd, type Sshd } from './sshd.js';

const FIXTURE = join(import.meta.dirname, '../../fixtures/export/sample.export');

describe.skipIf(!HAVE_REAL_SSH)('the usage scan over ssh:// with the loop\'s follow option', () => {
  let dir: string;
  let journal: string;
  let node: Sshd;
  let ssh: SshOptions;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'a2g-usage-ssh-'));
    const pub = keygen(join(dir, 'client_key'));
    journal = buildJournal(dir, readFileSync(FIXTURE));
    node = await startSshd(dir, 'node', pub, journal);
    const kh = join(dir, 'known_hosts');
    writeFileSync(kh, knownHostsEntry(node));
    ssh = { identity: [join(dir, 'client_key')], knownHosts: kh, agent: null, sshConfigFile: null, defaultKeys: false, askPassphrase: null, home: dir, connectTimeoutMs: 10_000, follow: true };
  });

  afterAll(async () => {
    await node?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends with every audit record of the journal, as a local read of it counts them', async () => {
    const filter = { uids: [], since: null, until: null };
    const local = await runUsageScanOnce('x', { sources: [journal], filter, year: null }, new AbortController().signal);
    // Bounded by the test's timeout: a followed read never ends.
    const u = await runUsageScanOnce('x', { sources: [`ssh://${userInfo().username}@127.0.0.1:${node.port}`], filter, year: null, ssh }, new AbortController().signal);
    expect(u.errors).toEqual([]);
    expect(u.stats.records).toBeGreaterThan(0);
    expect(u.stats.records).toBe(local.stats.records);
  }, 20_000);
});
