// ssh_config as OpenSSH reads it: line syntax, Host/Match patterns, first value wins, Include
// (files on disk in a temp dir), ProxyJump/ProxyCommand precedence, %-tokens. The behaviours
// asserted here were checked against `ssh -G` (see ssh-g.test.ts for the side-by-side table).
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, type HostQuery } from '../../../src/sources/ssh/ssh-config/evaluate.js';
import { configFromText, loadConfig, type LoadOptions } from '../../../src/sources/ssh/ssh-config/load.js';
import { parseConfigText, parseLine, splitArgs } from '../../../src/sources/ssh/ssh-config/parse.js';
import { matchHostPatterns, matchPattern, matchPatternList } from '../../../src/sources/ssh/ssh-config/patterns.js';
import { expandEnv, expandTilde, expandTokens } from '../../../src/sources/ssh/ssh-config/tokens.js';
import { parseDuration } from '../../../src/sources/ssh/ssh-config/values.js';
import { scratch } from '../../helpers/tmp.js';

const { tmp } = scratch('a2g-sshcfg-');
const q = (host: string, user: string | null = null): HostQuery => ({ host, user, localUser: 'me' });
const first = (text: string, host: string, key: string, user: string | null = null): string | undefined => evaluate([], [configFromText(text)], q(host, user)).first.get(key)?.args[0];

describe('line syntax', () => {
  it.each([
    ['Port 22', ['port', ['22']]],
    ['  port=22', ['port', ['22']]],
    ['Port = 22', ['port', ['22']]],
    ['User\t"a b"', ['user', ['a b']]],
    ["IdentityFile '/k 1' # comment", ['identityfile', ['/k 1']]],
    ['User q\\"x', ['user', ['q"x']]],
    ['Host a b !c', ['host', ['a', 'b', '!c']]],
  ])('%s', (text, [keyword, args]) => expect(parseLine(text, 'f', 1)).toMatchObject({ keyword, args }));
  it('keeps the raw rest of the line for ProxyCommand, quotes and comment included', () => {
    expect(parseLine('ProxyCommand  = nc "%h" %p # hi  ', 'f', 1)?.rest).toBe('nc "%h" %p # hi');
  });
  it('skips blank lines and comments, numbers lines', () => {
    expect(parseConfigText('# c\n\n  \nHost x\n  Port 1\n', 'f').map((l) => [l.line, l.keyword])).toEqual([[4, 'host'], [5, 'port']]);
  });
  it.each([['User "open', /f line 3: invalid quotes/], ['Port', /f line 3: no argument after keyword "Port"/]])('refuses %s as OpenSSH does', (text, msg) => {
    expect(() => parseLine(text, 'f', 3)).toThrow(msg);
  });
  it('splitArgs: escapes and quotes', () => {
    expect(splitArgs(`a\\ b "c d" 'e"f' \\\\ #x y`)).toEqual(['a b', 'c d', 'e"f', '\\']);
  });
});

describe('patterns', () => {
  it.each([
    ['m1', 'm*', true],
    ['m1', 'm?', true],
    ['m12', 'm?', false],
    ['a.b.c', '*.c', true],
    ['abc', 'a*b*c', true],
    ['abx', 'a*c', false],
    ['', '*', true],
  ])('%s ~ %s = %s', (s, p, want) => expect(matchPattern(s, p)).toBe(want));
  it('Host: negation wins, a negation alone matches nothing', () => {
    expect(matchHostPatterns('agent-1', ['agent-*', '!agent-bad'])).toBe(true);
    expect(matchHostPatterns('agent-bad', ['agent-*', '!agent-bad'])).toBe(false);
    expect(matchHostPatterns('x', ['!y'])).toBe(false);
  });
  it('Match lists are comma-separated; host names compare case-insensitively, users not', () => {
    expect(matchPatternList('MyHost', 'other,myhost', true)).toBe(true);
    expect(matchPatternList('ROOT', 'root', false)).toBe(false);
  });
});

describe('evaluate', () => {
  const CFG = `
Host m1
  HostName 10.0.0.1
  User core
  IdentityFile ~/.ssh/k1
Host m*
  User ignored-first-wins
  Port 2222
  IdentityFile ~/.ssh/k2
Match host 10.*
  User matched-by-hostname
Host d
  HostName 10.1.1.1
Match originalhost d
  Port 2345
Match user urlu
  Port 1111
Match localuser me all
  ConnectTimeout 7
Host *
  User star
`;
  it('first value wins; IdentityFile accumulates in order', () => {
    const e = evaluate([], [configFromText(CFG)], q('m1'));
    expect(e.first.get('user')?.args).toEqual(['core']);
    expect(e.first.get('port')?.args).toEqual(['2222']);
    expect(e.identityFiles.map((l) => l.args[0])).toEqual(['~/.ssh/k1', '~/.ssh/k2']);
  });
  it('Host compares case-sensitively (as ssh -G does)', () => {
    expect(first('Host MyHost\n  Port 1\n', 'MyHost', 'port')).toBe('1');
    expect(first('Host MyHost\n  Port 1\n', 'myhost', 'port')).toBe(undefined);
    expect(first('Host myhost\n  Port 1\n', 'MyHost', 'port')).toBe(undefined);
  });
  it('Match host sees the HostName obtained so far; earlier lines do not see a later HostName', () => {
    expect(first(CFG, 'm1', 'user')).toBe('core'); // matched-by-hostname would also apply, but core came first
    expect(first('Host x\n  HostName 10.2.2.2\nMatch host 10.*\n  User hn\n', 'x', 'user')).toBe('hn');
    expect(first(CFG, 'd', 'user')).toBe('star'); // `Match host 10.*` comes before `Host d` sets HostName
    expect(first(CFG, 'd', 'port')).toBe('2345');
  });
  it('Match user sees the user given with the host; localuser and all', () => {
    expect(first(CFG, 'x', 'port', 'urlu')).toBe('1111');
    expect(first(CFG, 'x', 'port')).toBe(undefined);
    expect(first(CFG, 'x', 'connecttimeout')).toBe('7');
    expect(first('Match !host a*\n  Port 9\n', 'b', 'port')).toBe('9');
  });
  it('Match exec is never run: the block is skipped, with one note naming the line', () => {
    const e = evaluate([], [configFromText('Match exec "touch /tmp/never"\n  User execd\nMatch canonical\n  Port 7\n', '/cfg')], q('x'));
    expect(e.first.get('user')).toBe(undefined);
    expect(e.first.get('port')).toBe(undefined);
    expect(e.notes).toEqual([
      '/cfg line 1: "Match exec" is not evaluated by audit2grant (its command is never run); the block is skipped as if it did not match',
      '/cfg line 3: "Match canonical" is not evaluated by audit2grant (audit2grant does not canonicalize host names); the block is skipped as if it did not match',
    ]);
  });
  it('a Match criterion without its argument is refused, as OpenSSH does', () => {
    expect(() => evaluate([], [configFromText('Match host\n', '/cfg')], q('x'))).toThrow('/cfg line 1: Match host needs an argument');
  });
  it('command-line lines come first and always apply', () => {
    const cmd = parseConfigText('Port 4000\nUser cli', '-o');
    const e = evaluate(cmd, [configFromText(CFG)], q('m1'));
    expect([e.first.get('port')?.args[0], e.first.get('user')?.args[0]]).toEqual(['4000', 'cli']);
  });

  describe('ProxyJump and ProxyCommand share one slot (OpenSSH 9, checked with ssh -G and a real connection)', () => {
    const proxy = (text: string) => {
      const p = evaluate([], [configFromText(`Host h\n${text}`)], q('h')).proxy;
      return p ? `${p.keyword} ${p.rest}` : null;
    };
    it.each([
      ['  ProxyJump j1\n  ProxyCommand nc %h %p\n', 'proxyjump j1'],
      ['  ProxyCommand nc %h %p\n  ProxyJump j1\n', 'proxycommand nc %h %p'],
      ['  ProxyCommand none\n  ProxyJump j1\n', 'proxycommand none'],
      ['  ProxyJump none\n  ProxyJump j1\n', null],
      ['  ProxyJump none\n  ProxyCommand nc %h %p\n', 'proxycommand nc %h %p'],
    ])('%j → %s', (text, want) => expect(proxy(text)).toBe(want));
  });
});

describe('Include', () => {
  function setup(): { home: string; sys: string; o: LoadOptions } {
    const home = tmp();
    const sys = join(tmp(), 'etc-ssh');
    mkdirSync(join(home, '.ssh', 'conf.d'), { recursive: true, mode: 0o700 });
    mkdirSync(join(sys, 'ssh_config.d'), { recursive: true });
    return { home, sys, o: { home, systemDir: sys } };
  }

  it('relative to ~/.ssh for the user file, globbed in sorted order, only where the Include line is active', () => {
    const { home, o } = setup();
    writeFileSync(join(home, '.ssh', 'conf.d', '20-b.conf'), 'Host b1\n  User from-b\nHost *\n  Port 20\n');
    writeFileSync(join(home, '.ssh', 'conf.d', '10-a.conf'), 'Host *\n  Port 10\nMatch all\n  IdentityFile ~/a\n');
    writeFileSync(join(home, '.ssh', 'conf.d', '.hidden'), 'Host *\n  User hidden\n');
    writeFileSync(join(home, '.ssh', 'only-d'), 'User from-only-d\n');
    const file = join(home, '.ssh', 'config');
    writeFileSync(file, 'Include conf.d/*\nHost d\n  Include only-d\nHost *\n  User after\n');
    const cfg = loadConfig(file, 'user', o, true)!;
    const at = (h: string) => evaluate([], [cfg], q(h));
    expect(at('b1').first.get('user')?.args[0]).toBe('from-b');
    expect(at('x').first.get('port')?.args[0]).toBe('10'); // 10-a before 20-b
    expect(at('x').first.get('user')?.args[0]).toBe('after'); // .hidden is not matched by *
    expect(at('d').first.get('user')?.args[0]).toBe('from-only-d');
    // A Host/Match inside an included file does not change the state after the Include line.
    expect(at('x').identityFiles.map((l) => l.args[0])).toEqual(['~/a']);
  });

  it('an Include in a block that does not apply applies nothing, even its own Host * or Match all', () => {
    const { home, o } = setup();
    writeFileSync(join(home, '.ssh', 'inc'), 'Host *\n  User leaked\nMatch all\n  Port 99\n');
    const file = join(home, '.ssh', 'config');
    writeFileSync(file, 'Host other\n  Include inc\n');
    const e = evaluate([], [loadConfig(file, 'user', o, true)!], q('x'));
    expect([e.first.get('user'), e.first.get('port')]).toEqual([undefined, undefined]);
  });

  it('relative to the system directory for the system file; ~ and absolute paths as written; a missing file is fine', () => {
    const { home, sys, o } = setup();
    writeFileSync(join(sys, 'ssh_config.d', 'x.conf'), 'Host *\n  HashKnownHosts yes\n');
    writeFileSync(join(home, 'tilde.conf'), 'Host t\n  User tilde\n');
    const file = join(sys, 'ssh_config');
    writeFileSync(file, `Include ssh_config.d/*.conf ~/tilde.conf ${join(home, 'absent.conf')}\n`);
    const cfg = loadConfig(file, 'system', o, false)!;
    expect(evaluate([], [cfg], q('t')).first.get('hashknownhosts')?.args[0]).toBe('yes');
    expect(evaluate([], [cfg], q('t')).first.get('user')?.args[0]).toBe('tilde');
  });

  it('the user file and every included file must not be writable by others (OpenSSH: Bad owner or permissions)', () => {
    const { home, o } = setup();
    const inc = join(home, '.ssh', 'inc');
    writeFileSync(inc, 'User x\n');
    chmodSync(inc, 0o666);
    const file = join(home, '.ssh', 'config');
    writeFileSync(file, 'Include inc\n');
    expect(() => loadConfig(file, 'user', o, true)).toThrow(`bad owner or permissions on ${inc}`);
    chmodSync(inc, 0o644);
    chmodSync(file, 0o620);
    expect(() => loadConfig(file, 'user', o, true)).toThrow(`bad owner or permissions on ${file}`);
    // A file given with -F is not checked (as in OpenSSH); what it includes is.
    expect(loadConfig(file, 'user', o, false)).not.toBe(null);
  });

  it('an Include loop stops at 16 levels with a clear error', () => {
    const { home, o } = setup();
    const file = join(home, '.ssh', 'config');
    writeFileSync(file, `Include ${file}\n`);
    expect(() => loadConfig(file, 'user', o, true)).toThrow(/Include nested more than 16 levels deep/);
  });
});

describe('tokens and values', () => {
  it('expands %-tokens in one pass; an unknown token is an error naming it', () => {
    expect(expandTokens('%d/.ssh/%r@%h:%p %%h', { d: '/home/me', r: 'core', h: 'm1', p: '22' }, 'x')).toBe('/home/me/.ssh/core@m1:22 %h');
    expect(() => expandTokens('%C', { h: 'x' }, 'IdentityFile')).toThrow(/IdentityFile: %C is not a token/);
  });
  it('~ and ${VAR}', () => {
    expect(expandTilde('~/.ssh/k', '/home/me')).toBe('/home/me/.ssh/k');
    expect(expandTilde('~other/k', '/home/me')).toBe('~other/k');
    expect(expandEnv('${A}/k', { A: '/x' }, 'w')).toBe('/x/k');
    expect(() => expandEnv('${NOPE}', {}, 'w')).toThrow('w: environment variable NOPE is not set');
  });
  it.each([
    ['10', 10_000],
    ['30s', 30_000],
    ['1m30s', 90_000],
    ['none', null],
  ])('ConnectTimeout %s', (text, ms) => expect(parseDuration(text, 'ConnectTimeout')).toBe(ms));
  it('refuses a bad duration', () => expect(() => parseDuration('ten', 'ConnectTimeout')).toThrow(/cannot read "ten" as a time/));
});
