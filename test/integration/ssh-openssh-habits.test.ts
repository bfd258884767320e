// OpenSSH as operators write it, against two real sshd (a node with a journal, a bastion) and the
// real OpenSSH client as both the ProxyCommand and the reference:
// - `ProxyCommand ssh -W %h:%p bastion`: the scan through it equals the scan of the journal file;
//   the node's key is checked against the node's name, not the bastion's; a bastion that refuses
//   is reported with the ssh client's own last line; no ssh -W outlives the scan.
// - known_hosts: what audit2grant writes on accept-new equals what `ssh` writes (plain, and under
//   HostKeyAlias), and with HashKnownHosts each accepts the other's hashed entry.
// The inner ssh reads its own config through -F (it would otherwise read the real ~/.ssh: OpenSSH
// takes the home directory from the password database, not from $HOME).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/core/types.js';
import { runScan } from '../../src/pipeline/scan.js';
import { hostFieldMatches } from '../../src/sources/ssh/known-hosts.js';
import type { SshOptions } from '../../src/sources/ssh/options.js';
import { waitFor } from '../helpers/wait.js';
import { connectOnce } from '../sources/ssh/helpers.js';
import { essence } from './scan-essence.js';
import { buildJournal, HAVE_REAL_SSH, keygen, knownHostsEntry, startSshd, type Sshd } from './sshd.js';

const FIXTURE = join(import.meta.dirname, '../../fixtures/export/sample.export');
const HAVE_SSH_CLIENT = HAVE_REAL_SSH && spawnSync('ssh', ['-V']).error === undefined;

describe.skipIf(!HAVE_SSH_CLIENT)('OpenSSH habits against real sshd and the real ssh client', () => {
  let dir: string;
  let journal: string;
  let node: Sshd;
  let bastion: Sshd;
  let local: ScanResult;
  let innerCfg: string;
  const user = userInfo().username;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'a2g-habits-'));
    const clientPub = keygen(join(dir, 'client_key'));
    journal = buildJournal(dir, readFileSync(FIXTURE));
    [node, bastion] = await Promise.all([startSshd(dir, 'node', clientPub, journal), startSshd(dir, 'bastion', clientPub, null)]);
    writeFileSync(join(dir, 'inner_known_hosts'), knownHostsEntry(bastion));
    innerCfg = join(dir, 'inner_ssh_config');
    writeFileSync(innerCfg, hostBlock('bastion', bastion.port, join(dir, 'inner_known_hosts')));
    writeFileSync(join(dir, 'known_hosts'), knownHostsEntry(node));
    local = await runScan({ sources: [journal], filter: { uids: [], since: null, until: null }, year: null, signal: new AbortController().signal });
    expect(local.findings.length).toBeGreaterThan(3);
  });

  afterAll(async () => {
    await Promise.all([node?.stop(), bastion?.stop()]);
    expect(leftovers(dir)).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });

  /** An ssh_config block that reaches `name` on loopback as this user with the client key, strictly. */
  function hostBlock(name: string, port: number, knownHosts: string, extra = ''): string {
    return `Host ${name}\n  HostName 127.0.0.1\n  Port ${port}\n  User ${user}\n  IdentityFile ${join(dir, 'client_key')}\n  IdentitiesOnly yes\n  UserKnownHostsFile ${knownHosts}\n  GlobalKnownHostsFile none\n  StrictHostKeyChecking yes\n  BatchMode yes\n${extra}`;
  }

  /** audit2grant's options: only this config file (as -F), no agent, no default keys. */
  function opts(configText: string, extra: SshOptions = {}): SshOptions {
    const f = join(dir, `cfg-${Math.random().toString(36).slice(2)}`);
    writeFileSync(f, configText);
    return { sshConfigFile: f, agent: null, defaultKeys: false, askPassphrase: null, home: dir, connectTimeoutMs: 10_000, ...extra };
  }

  const scan = (sources: string[], ssh: SshOptions): Promise<ScanResult> => runScan({ sources, filter: { uids: [], since: null, until: null }, year: null, signal: new AbortController().signal, ssh });

  const viaBastion = (knownHosts: string, proxy = `ssh -F ${innerCfg} -W %h:%p bastion`): string => `Host node1\n  HostName 127.0.0.1\n  Port ${node.port}\n  User ${user}\n  IdentityFile ${join(dir, 'client_key')}\n  UserKnownHostsFile ${knownHosts}\n  ProxyCommand ${proxy}\n`;

  it('ProxyCommand ssh -W %h:%p bastion: the scan through the bastion equals the scan of the journal file, and no ssh -W is left', async () => {
    const remote = await scan(['ssh://node1'], opts(viaBastion(join(dir, 'known_hosts'))));
    expect(essence(remote)).toEqual(essence(local));
    // The ssh -W processes carry innerCfg in their argv; they were signalled when the sessions closed.
    await waitFor(() => leftovers(innerCfg).length === 0, { what: 'no ssh -W left', timeoutMs: 5000, detail: () => `: ${leftovers(innerCfg).join('; ')}` });
  });

  it("the node's key is checked against the node's name: the bastion's key recorded for it is a changed key", async () => {
    const kh = join(dir, 'swapped_known_hosts');
    writeFileSync(kh, `[127.0.0.1]:${node.port} ${bastion.hostKeyPub.split(' ').slice(0, 2).join(' ')}\n`);
    const r = await scan(['ssh://node1'], opts(viaBastion(kh)));
    expect(r.findings).toEqual([]);
    expect(r.errors.map((e) => e.message)).toEqual([expect.stringMatching(new RegExp(`^WARNING: THE HOST KEY OF \\[127\\.0\\.0\\.1\\]:${node.port} HAS CHANGED`))]);
  });

  it("a bastion that cannot be reached: the ssh client's exit status and last line", async () => {
    const badInner = join(dir, 'bad_inner');
    writeFileSync(badInner, hostBlock('bastion', 1, join(dir, 'inner_known_hosts')));
    const cfg = viaBastion(join(dir, 'known_hosts'), `ssh -F ${badInner} -W %h:%p bastion`);
    const o = opts(cfg);
    const r = await scan(['ssh://node1'], o);
    expect(r.errors.map((e) => e.message)).toEqual([`ProxyCommand (${o.sshConfigFile} line 7) exited with status 255: ssh: connect to host 127.0.0.1 port 1: Connection refused`]);
    // The refused connection behind the ProxyCommand: a proxy failure, which a reconnect may cure.
    expect(await connectOnce('ssh://node1', o)).toMatchObject({ kind: 'proxy', retriable: true, message: r.errors[0]!.message });
  });

  describe('known_hosts entries: audit2grant writes what ssh writes', () => {
    /** Connect with the real ssh client, accept-new into `kh`; returns what it wrote. */
    function sshAcceptNew(config: string, kh: string): string {
      const f = join(dir, `ref-${Math.random().toString(36).slice(2)}`);
      writeFileSync(f, config);
      execFileSync('ssh', ['-F', f, '-o', 'StrictHostKeyChecking=accept-new', 'node1', 'true'], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 15_000 });
      return readFileSync(kh, 'utf8');
    }
    async function oursAcceptNew(config: string, kh: string): Promise<string> {
      const r = await scan(['ssh://node1'], opts(config, { acceptNewHostKey: true }));
      expect(r.errors).toEqual([]);
      return readFileSync(kh, 'utf8');
    }
    const block = (kh: string, extra = '') => hostBlock('node1', node.port, kh, extra).replace('StrictHostKeyChecking yes\n', '');

    it.each([
      ['plain: [HostName]:port', ''],
      ['HostKeyAlias', '  HostKeyAlias Prod-Node1\n'],
    ])('%s', async (_name, extra) => {
      const [khSsh, khOurs] = [join(dir, `kh-ssh-${extra.length}`), join(dir, `kh-ours-${extra.length}`)];
      const theirs = sshAcceptNew(block(khSsh, extra), khSsh);
      const ours = await oursAcceptNew(block(khOurs, extra), khOurs);
      expect(theirs.split(' ')[0]).toBe(extra ? 'prod-node1' : `[127.0.0.1]:${node.port}`);
      expect(ours).toBe(theirs);
    });

    it('HashKnownHosts yes: both hash, and each accepts the entry the other wrote', async () => {
      const [khSsh, khOurs] = [join(dir, 'kh-ssh-hashed'), join(dir, 'kh-ours-hashed')];
      const theirs = sshAcceptNew(block(khSsh, '  HashKnownHosts yes\n'), khSsh);
      const ours = await oursAcceptNew(block(khOurs, '  HashKnownHosts yes\n'), khOurs);
      const name = `[127.0.0.1]:${node.port}`;
      for (const text of [theirs, ours]) {
        const [host = '', ...key] = text.trim().split(' ');
        expect(host).toMatch(/^\|1\|/);
        expect(hostFieldMatches(host, name)).toBe(true);
        expect(key.join(' ')).toBe(node.hostKeyPub.split(' ').slice(0, 2).join(' '));
      }
      // ssh, strict, with our file; audit2grant, strict, with ssh's.
      const f = join(dir, 'cross');
      writeFileSync(f, block(khOurs).replace('BatchMode yes', 'BatchMode yes\n  StrictHostKeyChecking yes'));
      execFileSync('ssh', ['-F', f, 'node1', 'true'], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 15_000 });
      const r = await scan(['ssh://node1'], opts(block(khSsh)));
      expect(essence(r)).toEqual(essence(local));
    });
  });
});

/** Processes (other than vitest) whose command line mentions `needle`. */
function leftovers(needle: string): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(needle) && !cmd.includes('vitest')) out.push(`${pid}: ${cmd}`);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}
