// --follow merges every host into one stream that never ends: a host's failure held back for that
// stream's end was said only when the operator stopped the run (a terminal's progress line hinted at
// it; piped, nothing did). Real sshds on 127.0.0.1: one serves the journal, the other refuses our key.
// The refusal reaches onError (the CLI's stderr line) while the first is still followed, once, and
// counts once in the result.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceError } from '../../src/core/types.js';
import { runScan } from '../../src/pipeline/scan.js';
import type { SshOptions } from '../../src/sources/ssh/options.js';
import { untilWith } from '../helpers/wait.js';
import { buildJournal, HAVE_REAL_SSH, keygen, knownHostsEntry, startSshd, type Sshd } from './sshd.js';

const FIXTURE = join(import.meta.dirname, '../../fixtures/export/sample.export');
const until = untilWith({ timeoutMs: 15_000, intervalMs: 10 });

describe.skipIf(!HAVE_REAL_SSH)('ssh:// --follow: a host that fails is said when it fails', () => {
  let dir: string;
  let node: Sshd;
  let refusing: Sshd;
  let ssh: SshOptions;
  const user = userInfo().username;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'a2g-sshfollow-'));
    const clientPub = keygen(join(dir, 'client_key'));
    const otherPub = keygen(join(dir, 'other_key'));
    const journal = buildJournal(dir, readFileSync(FIXTURE));
    node = await startSshd(dir, 'node', clientPub, journal);
    // Knows only another key: our client's is refused (auth, not retriable).
    refusing = await startSshd(dir, 'refusing', otherPub, journal);
    const kh = join(dir, 'known_hosts');
    writeFileSync(kh, knownHostsEntry(node) + knownHostsEntry(refusing));
    ssh = { identity: [join(dir, 'client_key')], knownHosts: kh, agent: null, sshConfigFile: null, defaultKeys: false, askPassphrase: null, home: dir, connectTimeoutMs: 10_000, reconnectBaseMs: 20 };
  }, 30_000);

  afterAll(async () => {
    await Promise.all([node?.stop(), refusing?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the refused host reaches onError while the other is followed; once in the result', async () => {
    const ac = new AbortController();
    const said: SourceError[] = [];
    let found = false;
    const done = runScan({
      sources: [`ssh://${user}@127.0.0.1:${node.port}`, `ssh://${user}@127.0.0.1:${refusing.port}`],
      filter: { uids: [], since: null, until: null },
      year: null,
      signal: ac.signal,
      follow: true,
      ssh,
      onError: (e) => said.push(e),
      onFinding: () => (found = true),
    });
    try {
      await until('the followed host\'s findings', () => found);
      await until('the refused host\'s error, while following', () => said.length >= 1);
      expect(ac.signal.aborted).toBe(false);
    } finally {
      ac.abort();
    }
    const r = await done;
    expect(said).toHaveLength(1);
    expect(said[0]?.source).toContain(`:${refusing.port}`);
    expect(r.errors).toEqual(said);
  }, 40_000);
});
