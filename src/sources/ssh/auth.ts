// Client authentication, in OpenSSH's spirit: ssh-agent first (SSH_AUTH_SOCK), then identity files
// (`-i`, then ~/.ssh/config IdentityFile), then the default keys. Keys are loaded lazily, once per
// file for the whole fan-out, so an encrypted key prompts for its passphrase once, and only when the
// agent did not already get us in.
import { readFile } from 'node:fs/promises';
import { Socket } from 'node:net';
import { join } from 'node:path';
import ssh2, { type AnyAuthMethod, type AuthHandlerMiddleware, type ParsedKey } from 'ssh2';

// ssh2 is CommonJS and its `utils` is not a named export Node's ESM loader can see (vitest's can).
const { utils } = ssh2;

export const DEFAULT_KEY_NAMES = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

/** Asks for a key's passphrase; rejects when no one can be asked. */
export type PassphrasePrompt = (file: string) => Promise<string>;

type Loaded = { key: ParsedKey } | { error: string } | { missing: true };

export class KeyLoader {
  private cache = new Map<string, Promise<Loaded>>();
  /** Prompts run one at a time, so concurrent hosts never interleave two prompts. */
  private promptChain: Promise<unknown> = Promise.resolve();

  constructor(private prompt: PassphrasePrompt | null) {}

  load(file: string): Promise<Loaded> {
    let p = this.cache.get(file);
    if (!p) {
      p = this.loadOnce(file);
      this.cache.set(file, p);
    }
    return p;
  }

  private async loadOnce(file: string): Promise<Loaded> {
    let data: Buffer;
    try {
      data = await readFile(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return code === 'ENOENT' ? { missing: true } : { error: `cannot read identity ${file}: ${code ?? String(e)}` };
    }
    let parsed = utils.parseKey(data);
    if (parsed instanceof Error && /passphrase/i.test(parsed.message)) {
      if (!this.prompt) {
        return { error: `identity ${file} is encrypted and no terminal can ask its passphrase: load it into ssh-agent (ssh-add ${file}) or run on a terminal` };
      }
      const ask = this.prompt;
      const run = this.promptChain.then(() => ask(file));
      this.promptChain = run.catch(() => undefined);
      let pass: string;
      try {
        pass = await run;
      } catch (e) {
        return { error: `identity ${file}: ${(e as Error).message}` };
      }
      parsed = utils.parseKey(data, pass);
      if (parsed instanceof Error) return { error: `identity ${file}: wrong passphrase or unreadable key` };
    }
    if (parsed instanceof Error) return { error: `identity ${file} is not a usable private key: ${parsed.message}` };
    const key = Array.isArray(parsed) ? parsed[0] : parsed;
    // A public key parses too, and would only fail at the server as "authentication failed".
    if (key && !key.isPrivateKey()) return { error: `identity ${file} is a public key: give its private key (${file.replace(/\.pub$/, '')})` };
    return { key };
  }
}

export interface AuthPlan {
  username: string;
  agent: string | null;
  /** Files that must work when tried (`-i`, config IdentityFile): their problems are reported. */
  identityFiles: string[];
  /** Tried when present, silently skipped when absent. */
  defaultFiles: string[];
  /** Bound on listing the agent's keys (default 5 s), so a wedged agent does not hold up the files. */
  agentListTimeoutMs?: number;
  /** IdentitiesOnly: the agent may offer only the keys of `identityFiles` (found by their `.pub`). */
  identitiesOnly?: boolean;
}

/** Public key blobs of the identity files' `FILE.pub` (those that exist and parse). */
async function publicBlobs(files: readonly string[]): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const f of files) {
    try {
      const k = utils.parseKey(await readFile(`${f}.pub`));
      const key = Array.isArray(k) ? k[0] : k;
      if (!(key instanceof Error)) out.push(key.getPublicSSH());
    } catch {
      /* no .pub: the file itself is still tried */
    }
  }
  return out;
}

/**
 * The agent at SSH_AUTH_SOCK, as ssh2's OpenSSHAgent but with errors that say why (ENOENT,
 * ECONNREFUSED: a stale SSH_AUTH_SOCK) and a bound on listing its keys: an agent that accepts but
 * never answers would otherwise hold the handshake until it times out, and the identity files
 * after it would never be tried. Signing is not bounded: a key added with `ssh-add -c` waits for
 * a person to confirm (the handshake timeout still bounds that).
 */
class AgentSocket extends ssh2.OpenSSHAgent {
  private listing = false;
  constructor(
    private path: string,
    private listTimeoutMs: number,
    /** IdentitiesOnly: offer only these public keys. */
    private allowed: Promise<Buffer[]> | null = null,
  ) {
    super(path);
  }

  override getIdentities(cb: Parameters<ssh2.OpenSSHAgent['getIdentities']>[0]): void {
    if (!this.allowed) return this.listBounded(cb);
    this.allowed.then(
      (blobs) =>
        this.listBounded((err, keys) => {
          if (err) return cb(err);
          cb(undefined, (keys ?? []).filter((k) => 'getPublicSSH' in k && blobs.some((b) => b.equals(k.getPublicSSH()))));
        }),
      // publicBlobs skips unreadable files, so this is a bug path: report it to ssh2, never leave it waiting.
      (e: unknown) => cb(e instanceof Error ? e : new Error(String(e))),
    );
  }

  private listBounded(cb: Parameters<ssh2.OpenSSHAgent['getIdentities']>[0]): void {
    // OpenSSHAgent.getIdentities calls getStream synchronously: mark that connection as bounded.
    this.listing = true;
    try {
      super.getIdentities(cb);
    } finally {
      this.listing = false;
    }
  }

  override getStream(cb: Parameters<ssh2.OpenSSHAgent['getStream']>[0]): void {
    const bound = this.listing ? this.listTimeoutMs : 0;
    const sock = new Socket();
    let done = false;
    const finish = (err: Error | undefined): void => {
      if (done) return;
      done = true;
      if (err) cb(err);
      else cb(undefined, sock);
    };
    if (bound) sock.setTimeout(bound, () => sock.destroy(new Error(`no answer within ${(bound / 1000).toFixed(1)} s`)));
    sock.once('connect', () => finish(undefined));
    sock.once('error', (e: NodeJS.ErrnoException) => {
      sock.destroy();
      finish(new Error(e.code ? `cannot connect (${e.code}: a stale SSH_AUTH_SOCK?)` : e.message));
    });
    sock.once('close', () => finish(new Error('closed the connection')));
    sock.connect(this.path);
  }
}

export function defaultKeyFiles(home: string): string[] {
  return DEFAULT_KEY_NAMES.map((n) => join(home, '.ssh', n));
}

/**
 * An ssh2 `authHandler`: yields agent, then each key, until the server accepts one. Problems met on
 * the way (an unreadable `-i` file, a refused passphrase) are collected for the failure message.
 */
export function makeAuthHandler(plan: AuthPlan, keys: KeyLoader, problems: string[]) {
  const steps: Array<() => Promise<AnyAuthMethod | null>> = [];
  if (plan.agent) {
    const allowed = plan.identitiesOnly ? publicBlobs(plan.identityFiles) : null;
    const agent = process.platform === 'win32' ? plan.agent : new AgentSocket(plan.agent, plan.agentListTimeoutMs ?? 5_000, allowed);
    steps.push(async () => ({ type: 'agent', username: plan.username, agent }));
  }
  const seen = new Set<string>();
  for (const [file, explicit] of [...plan.identityFiles.map((f) => [f, true] as const), ...plan.defaultFiles.map((f) => [f, false] as const)]) {
    if (seen.has(file)) continue;
    seen.add(file);
    steps.push(async () => {
      const r = await keys.load(file);
      if ('key' in r) return { type: 'publickey', username: plan.username, key: r.key };
      if ('error' in r) problems.push(r.error);
      else if (explicit) problems.push(`identity ${file} not found`);
      return null;
    });
  }
  let i = 0;
  const handler: AuthHandlerMiddleware = (_methodsLeft, _partial, next) => {
    const tryNext = (): void => {
      const step = steps[i++];
      if (!step) return next(false as never); // ssh2: false = no more methods
      step().then((m) => (m ? next(m) : tryNext()), () => tryNext());
    };
    tryNext();
  };
  return handler;
}

/** Ask on the terminal with echo off; null when there is no terminal (stdin may be a data source). */
export function terminalPrompt(): PassphrasePrompt | null {
  const stdin = process.stdin;
  if (!stdin.isTTY || !process.stderr.isTTY) return null;
  return (file) =>
    new Promise<string>((resolve, reject) => {
      process.stderr.write(`Enter passphrase for key '${file}': `);
      const wasRaw = stdin.isRaw;
      stdin.setRawMode(true);
      stdin.resume();
      let buf = '';
      const done = (err: Error | null): void => {
        stdin.off('data', onData);
        stdin.setRawMode(wasRaw);
        stdin.pause();
        process.stderr.write('\n');
        if (err) reject(err);
        else resolve(buf);
      };
      const onData = (d: Buffer): void => {
        for (const ch of d.toString('utf8')) {
          if (ch === '\r' || ch === '\n') return done(null);
          if (ch === '\u0003') return done(new Error('passphrase entry cancelled'));
          if (ch === '\u007f' || ch === '\b') buf = buf.slice(0, -1);
          else buf += ch;
        }
      };
      stdin.on('data', onData);
    });
}
