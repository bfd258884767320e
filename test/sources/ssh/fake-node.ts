// An in-process ssh2 server on 127.0.0.1 playing a DC/OS node: it answers the `sh -c 'journalctl … |
// grep …'` command with journal lines held in memory (filtered as the remote grep would), honours
// `--after-cursor` and `--follow`, and can misbehave on demand (drop, hang, need a sudo password).
import { timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import { Server, utils, type Connection, type ServerChannel } from 'ssh2';
import { EXIT_MARKER, REMOTE_PATTERNS } from '../../../src/sources/ssh/command.js';

export interface KeyPair {
  private: string;
  public: string;
}

export function makeKey(): KeyPair {
  // ssh2's keygen strips a public key's leading zero bytes, so about 1 key in 256 cannot be parsed
  // back (mscdex/ssh2#1390, #1513): a flaky "Malformed OpenSSH private key". Draw again then.
  for (;;) {
    const k = utils.generateKeyPairSync('ed25519');
    if (!(utils.parseKey(k.private) instanceof Error) && !(utils.parseKey(k.public) instanceof Error)) return { private: k.private, public: k.public };
  }
}

/** The public key blob of an OpenSSH public key line. */
export function publicBlob(pub: string): Buffer {
  return Buffer.from(pub.trim().split(/\s+/)[1] ?? '', 'base64');
}

export interface FakeNodeOptions {
  hostKey: KeyPair;
  /** Public keys (OpenSSH format) allowed to log in. */
  authorized: string[];
  lines?: string[];
  /** First session only: send this many matching lines, then half of the next, then cut the TCP connection. */
  dropAfter?: number;
  /** Every session: cut the TCP connection as soon as the command starts, before any output. */
  dropAtStart?: boolean;
  /** Print this line (with a newline) on the first session, then cut the connection. */
  firstThenDrop?: string;
  hang?: boolean;
  sudoNeedsPassword?: boolean;
  /** `--sudo` on a node without sudo: the shell says so, and journalctl's status is 127. */
  sudoMissing?: boolean;
  /** Every session: the account's forced command (or nologin) runs instead of ours: it says this and exits with `code`, no status of journalctl. */
  forced?: { says: string; code: number; /** it runs journalctl itself, its stderr (our status too) sent elsewhere */ lines?: boolean };
  /** Print `-o json` as systemd < 240 does (CentOS 7's 219): `{ "__CURSOR" : "s=…", … }`. */
  spacedJson?: boolean;
  /** A non-follow read: journalctl first prints this many bytes of warnings on stderr, then exits with journalctlStatus (default 0). */
  warnBytes?: number;
  journalctlStatus?: number;
  /** What journalctl says when journalctlStatus is set (default: a corrupt journal). */
  journalctlError?: string;
}

export interface FakeNode {
  port: number;
  /** Commands received, in order. */
  commands: string[];
  /** Tunnels opened through this node (as a jump host). */
  tunnels(): number;
  /** Add a journal entry; followers get it if it matches. */
  append(line: string): void;
  close(): Promise<void>;
}

/** A journal `-o json` line with a cursor. */
export function jsonLine(i: number, message: string, host = 'node'): string {
  return JSON.stringify({ __CURSOR: `s=fake;i=${i}`, __REALTIME_TIMESTAMP: String(1551441600000000 + i * 1000000), _HOSTNAME: host, _SYSTEMD_UNIT: 'dcos-adminrouter.service', SYSLOG_IDENTIFIER: 'nginx', MESSAGE: message });
}

const matches = (l: string): boolean => REMOTE_PATTERNS.some((p) => l.includes(p));

/** A compact JSON line in old systemd's spaced layout (other lines unchanged). */
export function spaced(l: string): string {
  if (!l.startsWith('{')) return l;
  const o = JSON.parse(l) as Record<string, unknown>;
  return `{ ${Object.entries(o).map(([k, v]) => `${JSON.stringify(k)} : ${JSON.stringify(v)}`).join(', ')} }`;
}

export async function startFakeNode(o: FakeNodeOptions): Promise<FakeNode> {
  const lines = [...(o.lines ?? [])];
  const followers = new Set<(l: string) => void>();
  const commands: string[] = [];
  const conns = new Set<Connection>();
  let sessions = 0;
  let tunnels = 0;
  const allowed = o.authorized.map((k) => utils.parseKey(k)).map((k) => (k instanceof Error ? null : Array.isArray(k) ? k[0] : k)).filter((k) => k !== null);

  const runCommand = (cmd: string, ch: ServerChannel, conn: Connection, first: boolean): void => {
    if (o.hang) return;
    if (o.sudoNeedsPassword && cmd.includes("'\\''sudo'\\'' '\\''-n'\\''")) {
      ch.stderr.write(`sudo: a password is required\n${EXIT_MARKER}1\n`);
      ch.exit(1);
      ch.end();
      return;
    }
    if (o.sudoMissing && cmd.includes("'\\''sudo'\\''")) {
      ch.stderr.write(`sh: 1: sudo: not found\n${EXIT_MARKER}127\n`);
      ch.exit(1);
      ch.end();
      return;
    }
    if (o.forced) {
      if (o.forced.lines) ch.write(lines.filter(matches).map((l) => `${l}\n`).join(''));
      ch.stderr.write(`${o.forced.says}\n`);
      ch.exit(o.forced.code);
      ch.end();
      return;
    }
    // The TCP connection ends under the SSH session (no channel close, no exit status): end(), not
    // destroy(), so what was written goes out first and the client reads it before the end.
    const cut = (): void => void (conn as unknown as { _sock: net.Socket })._sock.end();
    if (o.dropAtStart) return cut();
    if (first && o.firstThenDrop !== undefined) return void ch.write(`${o.firstThenDrop}\n`, cut);
    const after = /after-cursor=([A-Za-z0-9=;_-]+)/.exec(cmd)?.[1] ?? null;
    const follow = cmd.includes('--follow');
    let start = 0;
    if (after) start = lines.findIndex((l) => l.includes(`"__CURSOR":"${after}"`)) + 1;
    const todo = lines.slice(start).filter(matches).map((l) => (o.spacedJson ? spaced(l) : l));
    if (first && o.dropAfter !== undefined) {
      const sent = todo.slice(0, o.dropAfter).map((l) => l + '\n').join('');
      const half = todo[o.dropAfter]?.slice(0, 20) ?? '';
      ch.write(sent + half, cut);
      return;
    }
    ch.write(todo.map((l) => l + '\n').join(''));
    if (!follow) {
      const warning = 'Journal file /var/log/journal/x/system@0.journal~ is truncated, ignoring file.\n';
      for (let b = 0; b < (o.warnBytes ?? 0); b += warning.length) ch.stderr.write(warning); // one packet each
      if (o.journalctlStatus) ch.stderr.write(`${o.journalctlError ?? 'Failed to iterate through journal: Bad message'}\n`);
      ch.stderr.write(`${EXIT_MARKER}${o.journalctlStatus ?? 0}\n`);
      ch.exit(todo.length ? 0 : 1);
      ch.end();
      return;
    }
    const f = (l: string): void => {
      if (matches(l)) ch.write((o.spacedJson ? spaced(l) : l) + '\n');
    };
    followers.add(f);
    ch.on('close', () => followers.delete(f));
  };

  const server = new Server({ hostKeys: [o.hostKey.private] }, (conn) => {
    conns.add(conn);
    conn.on('close', () => conns.delete(conn));
    conn.on('error', () => undefined);
    conn.on('authentication', (ctx) => {
      if (ctx.method !== 'publickey') return ctx.reject(['publickey']);
      const k = allowed.find((a) => a.type === ctx.key.algo && timingSafeEqualSafe(a.getPublicSSH(), ctx.key.data));
      if (!k) return ctx.reject(['publickey']);
      if (ctx.signature && ctx.blob && k.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true) return ctx.reject(['publickey']);
      ctx.accept();
    });
    conn.on('ready', () => {
      // Acts as a jump host too: direct-tcpip channels are piped to the requested address.
      conn.on('tcpip', (accept, reject, info) => {
        tunnels++;
        const up = net.connect(info.destPort, info.destIP, () => {
          const ch = accept();
          ch.pipe(up).pipe(ch);
          ch.on('close', () => up.destroy());
        });
        up.on('error', () => reject());
      });
      conn.on('session', (accept) => {
        const session = accept();
        session.on('exec', (acc, _rej, info) => {
          commands.push(info.command);
          const ch = acc();
          runCommand(info.command, ch, conn, sessions++ === 0);
        });
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    commands,
    tunnels: () => tunnels,
    append: (l) => {
      lines.push(l);
      for (const f of followers) f(l);
    },
    close: () =>
      new Promise<void>((r) => {
        for (const c of conns) c.end();
        server.close(() => r());
      }),
  };
}

function timingSafeEqualSafe(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A TCP server that accepts and never speaks SSH: a hung node. */
export async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const socks = new Set<net.Socket>();
  const srv = net.createServer((s) => {
    socks.add(s);
    s.on('close', () => socks.delete(s));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    port: (srv.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of socks) s.destroy();
        srv.close(() => r());
      }),
  };
}
