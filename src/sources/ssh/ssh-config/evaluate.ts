// Which ssh_config settings apply to one host, in OpenSSH's order (readconf.c): command-line
// options first, then the user's file, then the system file; within them the first value obtained
// wins (IdentityFile accumulates). `Host` and `Match` start blocks; an Include applies only where
// its line is active, and Host/Match inside it cannot leak out of it. Pure: loaded files in,
// settings out; what audit2grant cannot evaluate becomes a note, never a guess that runs something.
//
// ProxyJump and ProxyCommand share a slot, as in OpenSSH 9: a ProxyJump (other than `none`) also
// sets ProxyCommand to none; `ProxyJump none` blocks only later ProxyJumps; `ProxyCommand none`
// blocks both (verified with `ssh -G` and a real connection).
import { isIncludeNode, type LoadedConfig } from './load.js';
import { firstArg, type ConfigLine } from './parse.js';
import { matchHostPatterns, matchPatternList } from './patterns.js';
import { expandTokens } from './tokens.js';

export interface HostQuery {
  /** The host as named (`ssh://m1` → `m1`): what `Host` patterns and `%h` in HostName see. */
  host: string;
  /** A user given with the host (ssh://USER@…): set before any file, so `Match user` sees it. */
  user: string | null;
  localUser: string;
}

export interface Evaluated {
  /** First value of each keyword (lower-case), ProxyJump/ProxyCommand/IdentityFile excepted. */
  first: Map<string, ConfigLine>;
  identityFiles: ConfigLine[];
  /** The ProxyJump or ProxyCommand that applies (`none` included), or null. */
  proxy: ConfigLine | null;
  /** Things the user should know (a `Match exec` not run, …), one line each. */
  notes: string[];
}

const NO_ARG = new Set(['all', 'canonical', 'final']);
const WITH_ARG = new Set(['exec', 'host', 'originalhost', 'user', 'localuser', 'localnetwork', 'tagged', 'command', 'version', 'sessiontype']);
/** Criteria that ask about the machine or run something: never evaluated, so the block never applies. */
const NOT_EVALUATED: Record<string, string> = {
  exec: 'its command is never run',
  canonical: 'audit2grant does not canonicalize host names',
  final: 'audit2grant reads the config in one pass',
  localnetwork: 'not supported',
  tagged: 'not supported',
  command: 'not supported',
  version: 'not supported',
  sessiontype: 'not supported',
};

interface State {
  q: HostQuery;
  first: Map<string, ConfigLine>;
  identityFiles: ConfigLine[];
  jump: ConfigLine | null;
  command: ConfigLine | 'none' | null;
  notes: string[];
}

/** The host `Match host` compares: HostName so far (with `%h`), else the name given. */
function currentHost(st: State): string {
  const hn = st.first.get('hostname');
  if (!hn) return st.q.host;
  const name = firstArg(hn);
  try {
    return expandTokens(name, { h: st.q.host }, `${hn.file} line ${hn.line}: HostName`);
  } catch {
    return name;
  }
}

function matchLine(l: ConfigLine, st: State): boolean {
  const where = `${l.file} line ${l.line}`;
  let result = true;
  const args = l.args;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? ''; // i < args.length
    const negate = arg.startsWith('!');
    const attr = (negate ? arg.slice(1) : arg).toLowerCase();
    if (!NO_ARG.has(attr) && !WITH_ARG.has(attr)) {
      st.notes.push(`${where}: "Match ${attr}" is not a Match criterion audit2grant knows; the block is skipped as if it did not match`);
      return false;
    }
    let value = '';
    if (WITH_ARG.has(attr)) {
      if (i + 1 >= args.length) throw new Error(`${where}: Match ${attr} needs an argument`);
      value = args[++i] ?? ''; // i + 1 < args.length, checked above
    }
    if (attr in NOT_EVALUATED) {
      st.notes.push(`${where}: "Match ${attr}" is not evaluated by audit2grant (${NOT_EVALUATED[attr]}); the block is skipped as if it did not match`);
      result = false;
      continue;
    }
    let hit: boolean;
    switch (attr) {
      case 'all':
        hit = true;
        break;
      case 'host':
        hit = matchPatternList(currentHost(st), value, true);
        break;
      case 'originalhost':
        hit = matchPatternList(st.q.host, value, true);
        break;
      case 'user':
        hit = matchPatternList(st.q.user ?? st.first.get('user')?.args[0] ?? st.q.localUser, value, false);
        break;
      default: // localuser
        hit = matchPatternList(st.q.localUser, value, false);
    }
    if (hit === negate) result = false;
  }
  return result;
}

function apply(l: ConfigLine, st: State): void {
  switch (l.keyword) {
    case 'identityfile':
      st.identityFiles.push(l);
      return;
    case 'proxyjump': {
      if (st.jump || st.command) return;
      st.jump = l;
      if (l.args[0]?.toLowerCase() !== 'none') st.command = 'none';
      return;
    }
    case 'proxycommand':
      if (!st.command) st.command = l;
      return;
    default:
      if (!st.first.has(l.keyword)) st.first.set(l.keyword, l);
  }
}

function walk(cfg: LoadedConfig, st: State, activeAtStart: boolean, neverMatch: boolean): void {
  let active = activeAtStart;
  for (const n of cfg.nodes) {
    if (isIncludeNode(n)) {
      // Each included file starts in the including line's state and cannot change it; in an
      // inactive block nothing in it can match (OpenSSH's SSHCONF_NEVERMATCH).
      for (const f of n.files) walk(f, st, active, neverMatch || !active);
      continue;
    }
    if (n.keyword === 'host') active = !neverMatch && matchHostPatterns(st.q.host, n.args);
    else if (n.keyword === 'match') active = !neverMatch && matchLine(n, st);
    else if (active) apply(n, st);
  }
}

/**
 * Settings for one host: `commandLine` lines first (they always apply), then `files` in order.
 * Throws a one-line Error for a Match line OpenSSH would refuse too.
 */
export function evaluate(commandLine: readonly ConfigLine[], files: readonly LoadedConfig[], q: HostQuery): Evaluated {
  const st: State = { q, first: new Map(), identityFiles: [], jump: null, command: null, notes: [] };
  for (const l of commandLine) apply(l, st);
  for (const f of files) walk(f, st, true, false);
  const proxy = st.jump && st.jump.args[0]?.toLowerCase() !== 'none' ? st.jump : st.command === 'none' ? null : st.command;
  return { first: st.first, identityFiles: st.identityFiles, proxy, notes: [...new Set(st.notes)] };
}
