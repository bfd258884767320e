// Reading ssh_config files as OpenSSH does (readconf.c): `Include` globs (sorted, like glob(3);
// relative names resolved in ~/.ssh for user files and /etc/ssh for the system file; a pattern
// matching nothing is fine; 16 levels at most), and "Bad owner or permissions" for the user's own
// files: ~/.ssh/config and every included file must belong to the user (or root) and not be
// writable by group or others. That check matters more here than in most tools: a config file can
// name a ProxyCommand, which audit2grant runs.
//
// Every Include is read, also one inside a Host/Match block that will not apply (OpenSSH reads it
// too); whether its lines apply is decided per host when evaluating (evaluate.ts).
import { closeSync, fstatSync, openSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import fg from 'fast-glob';
import { parseConfigText, type ConfigLine } from './parse.js';

export type ConfigKind = 'user' | 'system';

export interface IncludeNode {
  include: ConfigLine;
  files: LoadedConfig[];
}

export type ConfigNode = ConfigLine | IncludeNode;

export interface LoadedConfig {
  path: string;
  kind: ConfigKind;
  nodes: ConfigNode[];
}

export interface LoadOptions {
  home: string;
  /** Where relative Includes of the system file resolve (OpenSSH: /etc/ssh). */
  systemDir: string;
  /** The user whose files pass the ownership check (default: this process's). */
  uid?: number;
}

const MAX_DEPTH = 16;

export function isIncludeNode(n: ConfigNode): n is IncludeNode {
  return 'include' in n;
}

function errnoOf(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? String(e);
}

/** Read one file; null when it does not exist. Throws a one-line Error otherwise. */
function readConfigFile(path: string, checkPerms: boolean, uid: number): string | null {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    const code = errnoOf(e);
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new Error(`cannot read ${path}: ${code}`);
  }
  // `-F /dev/null` is a common way to say "no config"; other devices, pipes and sockets are refused.
  if (!st.isFile()) {
    if (path === '/dev/null') return '';
    throw new Error(`cannot read ${path}: ${st.isDirectory() ? 'EISDIR' : 'not a regular file'}`);
  }
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new Error(`cannot read ${path}: ${errnoOf(e)}`);
  }
  try {
    if (checkPerms) {
      const s = fstatSync(fd);
      if ((s.uid !== 0 && s.uid !== uid) || (s.mode & 0o022) !== 0) {
        throw new BadPermissions(`bad owner or permissions on ${path} (OpenSSH refuses it too: it must be yours and not writable by others, e.g. chmod go-w ${path})`);
      }
    }
    return readFileSync(fd, 'utf8');
  } catch (e) {
    if (e instanceof BadPermissions) throw e;
    throw new Error(`cannot read ${path}: ${errnoOf(e)}`);
  } finally {
    closeSync(fd);
  }
}

/** A config file OpenSSH would refuse: said as it is, not as an unreadable file. */
class BadPermissions extends Error {}

function includePattern(arg: string, kind: ConfigKind, o: LoadOptions): string {
  if (arg === '~' || arg.startsWith('~/')) return fg.escapePath(o.home.replace(/\/+$/, '')) + arg.slice(1);
  if (isAbsolute(arg)) return arg;
  const base = kind === 'user' ? join(o.home, '.ssh') : o.systemDir;
  return `${fg.escapePath(base)}/${arg}`;
}

/** Files an Include argument names, sorted as glob(3) returns them. */
export function includeFiles(arg: string, kind: ConfigKind, o: LoadOptions): string[] {
  const pattern = includePattern(arg, kind, o);
  const found = fg.sync(pattern, { onlyFiles: true, dot: false, braceExpansion: false, extglob: false, caseSensitiveMatch: true, followSymbolicLinks: true, unique: true });
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function loadDepth(path: string, kind: ConfigKind, o: LoadOptions, checkPerms: boolean, depth: number): LoadedConfig | null {
  if (depth > MAX_DEPTH) throw new Error(`${path}: Include nested more than ${MAX_DEPTH} levels deep (an Include loop?)`);
  const text = readConfigFile(path, checkPerms, o.uid ?? process.getuid?.() ?? 0);
  if (text === null) return null;
  const nodes: ConfigNode[] = [];
  for (const line of parseConfigText(text, path)) {
    if (line.keyword !== 'include') {
      nodes.push(line);
      continue;
    }
    const files: LoadedConfig[] = [];
    for (const arg of line.args) {
      for (const f of includeFiles(arg, kind, o)) {
        // Included files are always checked, as OpenSSH does (SSHCONF_CHECKPERM).
        const loaded = loadDepth(f, kind, o, true, depth + 1);
        if (loaded) files.push(loaded);
      }
    }
    nodes.push({ include: line, files });
  }
  return { path, kind, nodes };
}

/**
 * Load a config file and everything it includes; null when the file does not exist. `checkPerms`:
 * OpenSSH checks ~/.ssh/config (not a file given with -F, nor the system file) and every Include.
 */
export function loadConfig(path: string, kind: ConfigKind, o: LoadOptions, checkPerms: boolean): LoadedConfig | null {
  return loadDepth(path, kind, o, checkPerms, 0);
}

/** A config from text, without reading any file (tests; `-o` lines). Include is not allowed. */
export function configFromText(text: string, path = 'config', kind: ConfigKind = 'user'): LoadedConfig {
  const nodes = parseConfigText(text, path);
  const inc = nodes.find((n) => n.keyword === 'include');
  if (inc) throw new Error(`${path} line ${inc.line}: Include needs a file on disk`);
  return { path, kind, nodes };
}
