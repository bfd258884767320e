// Usage mistakes are usage errors: one line naming the problem, a hint, exit 2, no stack. And the
// help: examples for every command that changes something, never cut inside an argument. The
// built CLI as a process (`npm run build` first); the terminal cases in a real tmux pane.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, exitCodeWritten, HAVE_TMUX, isolatedEnv, q, tmuxServer } from '../helpers/tmux.js';
import { runCli } from '../helpers/cli.js';
import { ar } from '../pipeline/lines.js';

let dir: string;
const server = tmuxServer('a2g-usage');
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'a2g-usage-'));
  writeFileSync(join(dir, 'j.log'), `${ar({ uid: 'svc1' })}\n`);
});
const cli = (args: string[], env: Record<string, string> = {}) =>
  runCli(args, { cwd: dir, env: { ...process.env, NO_COLOR: '1', HOME: dir, XDG_STATE_HOME: join(dir, 'xdg'), DCOS_DIR: join(dir, 'dcos'), ...env } });

afterAll(() => {
  server.kill();
  rmSync(dir, { recursive: true, force: true });
});


describe('argument-parsing failures are usage errors', () => {
  it.each([
    [['scan', 'j.log', '--uid'], 'audit2grant: --uid needs a value', 'audit2grant scan --help'],
    [['scan', 'j.log', '--format'], 'audit2grant: --format needs a value', 'audit2grant scan --help'],
    [['scan', 'j.log', '--since'], 'audit2grant: --since needs a value', 'audit2grant scan --help'],
    [['scan', 'j.log', '--year'], 'audit2grant: --year needs a value', 'audit2grant scan --help'],
    [['scan', 'j.log', '--format', 'xml'], 'audit2grant: --format: "xml" is not one of table, json, ndjson, dcos, curl, terraform', 'audit2grant scan --help'],
    [['scan', 'j.log', '--bogus'], 'audit2grant: unknown option --bogus', 'audit2grant scan --help'],
    [['scan', 'j.log', '--json', '--format', 'table'], 'audit2grant: --json means --format json, not --format table', 'give one of them: --format table, or --json'],
    [['unused', '--uid', 'svc1', 'j.log', '--format', 'dcos', '--json'], 'audit2grant: --json means --format json, not --format dcos', 'give one of them'],
    [['history', '--json', '--format', 'table'], 'audit2grant: --json means --format json, not --format table', 'give one of them'],
    [['scan', 'j.log', '--year', 'abc'], 'audit2grant: --year: "abc" is not a year', 'e.g. --year 2019'],
    [['unused', '--uid', 'svc1', 'j.log', '--year', '19x'], 'audit2grant: --year: "19x" is not a year', 'e.g. --year 2019'],
    [['scan', 'j.log', '--bogus=1', '-Z'], 'audit2grant: unknown options --bogus, -Z', 'audit2grant scan --help'],
    [['undo', 'extra'], 'audit2grant: unexpected argument extra', 'audit2grant undo --help'],
    // A near miss names the option meant, of the command given; never the value given (a secret option's).
    [['scan', 'j.log', '--formt', 'json'], 'audit2grant: unknown option --formt (did you mean --format?)', 'audit2grant scan --help'],
    [['undo', '--sesion', 'S1'], 'audit2grant: unknown option --sesion (did you mean --session?)', 'audit2grant undo --help'],
    [['grant', '--uid', 'a', '--clster-url=https://c'], 'audit2grant: unknown option --clster-url (did you mean --cluster-url?)', 'audit2grant grant --help'],
    [['scan', 'j.log', '--tokn=s3cret'], 'audit2grant: unknown option --tokn (did you mean --token?)', 'audit2grant scan --help'],
    [['scan', 'j.log', '--uid', 'a\nb'], 'audit2grant: argument 4 ("a\\nb") holds a line break', 'quote each value whole'],
    [['history', '--format'], 'audit2grant: --format needs a value', 'audit2grant history --help'],
    [['undo', '--session'], 'audit2grant: --session needs a value', 'audit2grant undo --help'],
    [['grant', '--from'], 'audit2grant: --from needs a value', 'audit2grant grant --help'],
    [['revoke', '--uid', 'svc', '--cluster-url'], 'audit2grant: --cluster-url needs a value', 'audit2grant revoke --help'],
    [['j.log', '--quiet-period'], 'audit2grant: --quiet-period needs a value', 'audit2grant --help'],
    [['help', 'scan'], 'audit2grant: "help scan" is not a command: each command has its own --help', 'audit2grant scan --help'],
    // A one-value option given twice: yargs made it an array, read as the default table, "A,B", or a crash.
    [['scan', 'j.log', '--format', 'json', '--format', 'dcos'], 'audit2grant: --format takes one value (given 2 times)', 'give --format once'],
    [['scan', 'j.log', '--since', '1h', '--since', '2h'], 'audit2grant: --since takes one value (given 2 times)', 'give --since once'],
    [['scan', 'ssh://10.0.0.1', '-J', 'a', '--jump', 'b'], 'audit2grant: -J/--jump takes one value (given 2 times)', 'give --jump once'],
    [['scan', 'j.log', '-F', 'none', '-F', 'none'], 'audit2grant: -F takes one value (given 2 times)', 'give -F once'],
    [['grant', '--uid', 'a', '--token', 's3cret', '--token=other'], 'audit2grant: --token takes one value (given 2 times)', 'give --token once'],
    [['undo', '--session', 'a', '--session', 'b'], 'audit2grant: --session takes one value (given 2 times)', 'give --session once'],
    // An ssh:// source that is no ssh://[user@]host[:port]: a usage error, as a dcos:// one is (not a failed source, 1).
    [['scan', 'ssh://host:99999'], 'audit2grant: invalid SSH destination "ssh://host:99999": expected ssh://[user@]host[:port]', 'e.g. ssh://core@10.0.0.1'],
    [['scan', 'https://admin:pw@logs.example/j.log'], 'audit2grant: scan: https://***@logs.example/j.log is a URL of no kind audit2grant reads', 'ssh://[user@]host[:port] or dcos://'],
    [['unused', '--uid', 'svc', 's3://bucket/j.log'], 'audit2grant: unused: s3://bucket/j.log is a URL of no kind audit2grant reads', 'write ./ before it'],
    [['scan', 'j.log', 'ssh://h/var/log'], 'audit2grant: invalid SSH destination "ssh://h/var/log": only ssh://[user@]host[:port] is understood', 'ssh://[user@]host[:port]'],
  ])('%j', async (args, first, hint) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2); // one line, one hint
    expect(lines[0]).toBe(first);
    expect(lines[1]).toMatch(/^ {2}hint: /);
    expect(lines[1]).toContain(hint);
    expect(r.stderr).not.toMatch(/internal error|YError|\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it.each([
    ['scna', 'scan'],
    ['grnat', 'grant'],
    ['histroy', 'history'],
    ['revok', 'revoke'],
  ])('"%s" is not a file: did you mean %s?', async (word, cmd) => {
    const r = await cli([word, 'j.log']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`audit2grant: unknown command "${word}" (and no such file): did you mean ${cmd}?\n  hint: audit2grant ${cmd} --help\n`);
  });

  it('a file named like a mistyped command is still read as a file', async () => {
    writeFileSync(join(dir, 'scna'), `${ar({ uid: 'svc-file' })}\n`);
    const r = await cli(['scna', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings.map((f: { uid: string }) => f.uid)).toEqual(['svc-file']);
  });
});

describe('a --uid no account can have is a usage error wherever --uid is read, as grant has it', () => {
  const DC = 'has characters DC/OS does not allow';
  it.each([
    [['scan', 'j.log', '--uid', 'svc1,svc2', '--fail-on-findings'], `uid "svc1,svc2" ${DC}`, 'hint: --uid takes one value and repeats: --uid svc1 --uid svc2'],
    [['scan', 'j.log', '--uid', 'svc1 svc2', '--format', 'json'], `uid "svc1\\x20svc2" ${DC}`, 'hint: --uid takes one value and repeats: --uid svc1 --uid svc2'],
    [['scan', 'j.log', '--uid', 'svc1', '--uid', 'svc/x'], `uid "svc/x" ${DC}`, 'hint: give the service account id'],
    [['j.log', '--uid', 'svc1,svc2'], `uid "svc1,svc2" ${DC}`, 'hint: --uid takes one value and repeats'], // the loop
    [['unused', '--uid', 'svc1,svc2', 'j.log'], `uid "svc1,svc2" ${DC}`, 'hint: unused takes one account: run it once per account (--uid svc1, then --uid svc2)'],
    [['unused', '--uid', 'svc1', '--uid', 'svc2', 'j.log'], 'audit2grant: unused takes one --uid only (got 2)', 'hint: run unused once per account'],
    [['grant', '--uid', 'a', '--uid', 'b', 'dcos:adminrouter:ops:mesos', 'full', '--dry-run'], 'audit2grant: grant takes one --uid only (got 2)', 'hint: run grant once per account'],
    [['revoke', '--uid', 'a', '--uid', 'b', 'dcos:adminrouter:ops:mesos', 'full', '--dry-run'], 'audit2grant: revoke takes one --uid only (got 2)', 'hint: run revoke once per account'],
  ])('%j', async (args, first, hint) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(first);
    expect(lines[1]).toContain(hint);
    expect(r.stdout).toBe('');
  });
});

describe('--since/--until take what journalctl takes', () => {
  const uids = async (args: string[], env: Record<string, string> = {}) =>
    JSON.parse((await cli(['scan', 'j.log', '--json', ...args], env)).stdout).findings.map((f: { uid: string }) => f.uid);

  it('a zoneless time is local time, as in journalctl (TZ decides)', async () => {
    // The line is at 2019-03-01T12:00:01Z, i.e. 13:00:01 in Berlin (CET, no DST in March).
    expect(await uids(['--since', '2019-03-01 13:00:00'], { TZ: 'Europe/Berlin' })).toEqual(['svc1']);
    expect(await uids(['--since', '2019-03-01 13:00:02'], { TZ: 'Europe/Berlin' })).toEqual([]);
    expect(await uids(['--since', '2019-03-01 13:00:02'], { TZ: 'UTC' })).toEqual([]);
    expect(await uids(['--since', '2019-03-01 12:00:00'], { TZ: 'UTC' })).toEqual(['svc1']);
  });

  it.each([
    [['--since', '@1551441600', '--until', '@1551441602'], ['svc1']],
    [['--since', '2019-03-01T12:00:02Z'], []],
    [['--since', 'yesterday'], []],
    [['--until', '1 hour ago'], ['svc1']],
    [['--until', '-1h'], ['svc1']],
    [['--since', '-1h'], []],
    [['--until', 'now'], ['svc1']],
    [['--since', '30m'], []],
  ])('%j', async (args, want) => {
    expect(await uids(args)).toEqual(want);
  });

  it('a time journalctl would not take is a usage error naming its forms', async () => {
    const r = await cli(['scan', 'j.log', '--since', 'the day before']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--since: cannot read "the day before" as a time\n {2}hint: what journalctl --since takes: '2026-03-01 10:00:00' \(local time/);
  });
});

describe('help', () => {
  const EXAMPLES: Record<string, string[]> = {
    scan: [`audit2grant scan 'logs/**/*.log.gz' --uid svc --json --fail-on-findings > findings.json`, "audit2grant scan ssh://core@10.0.0.1 --uid svc --since '1 hour ago'"],
    grant: ['audit2grant grant --uid my-service dcos:adminrouter:service:marathon full', 'audit2grant grant --from findings.json --dry-run'],
    revoke: ['audit2grant revoke --uid my-service dcos:adminrouter:service:marathon full', 'audit2grant revoke --uid svc dcos:adminrouter:ops:mesos full --dry-run'],
    undo: ['audit2grant undo --session 20260301T100000Z-1a2b3c --dry-run'],
    history: [`audit2grant history --format json | jq '.[] | select(.uid == "my-service")'`],
    sandbox: ['audit2grant sandbox --port 8080 --https-port 8443 --service-account svc --public-key svc.pem'],
  };
  /** Things that must never be cut across lines: quoted values, URLs, JSON, choices. */
  const TOKENS = ["'2026-03-01 10:00:00'", "'1 hour ago'", 'ssh://[user@]host[:port]', '{"scheme":"RS256","uid","private_key","login_endpoint"}', 'table (default), json, ndjson, dcos or curl'];

  it.each(Object.entries(EXAMPLES))('%s --help has examples, each on one line', async (cmd, examples) => {
    const r = await cli([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    for (const ex of examples) expect(r.stdout.split('\n').map((l) => l.trim())).toContain(ex);
  });

  it('the top-level --help has its examples each on one line', async () => {
    const r = await cli(['--help']);
    const lines = r.stdout.split('\n').map((l) => l.trim());
    for (const ex of ['audit2grant ssh://master1 --uid my-service --jump master1', 'audit2grant dcos://all --uid my-service']) expect(lines).toContain(ex);
  });

  it.skipIf(!HAVE_TMUX).each([40, 80, 200])('on a %i-column terminal nothing is cut inside an argument', async (cols) => {
    const name = `help${cols}`;
    const s = server.session(name);
    const rc = join(dir, `help-${cols}.rc`);
    const cmds = Object.keys(EXAMPLES).map((c) => `${q(process.execPath)} ${q(BIN)} ${c} --help`).join('; ');
    // stdout is the terminal itself, so the CLI sees its real width.
    s.start(`${isolatedEnv(dir)} sh -c ${q(`${cmds}; echo $? > ${rc}`)}; sleep 30`, cols, 20);
    await s.until('the help printed', () => exitCodeWritten(rc));
    // -J joins the lines the terminal wrapped by itself: what is left are the CLI's own line breaks.
    const text = server.tmux('capture-pane', '-p', '-J', '-S', '-5000', '-t', name);
    // (the session stays until afterAll: killing the last one would stop the server under the next test)
    for (const t of TOKENS) expect(text, t).toContain(t);
    for (const ex of Object.values(EXAMPLES).flat()) expect(text.split('\n').map((l) => l.trim())).toContain(ex);
  });
});

describe.skipIf(!HAVE_TMUX)('scan - on a terminal', () => {
  it('says it reads stdin and how to end it; Ctrl-D ends it with a verdict', async () => {
    const s = server.session('stdin');
    const rc = join(dir, 'stdin.rc');
    s.start(`cd ${q(dir)} && ${isolatedEnv(dir)} NO_COLOR=1 ${q(process.execPath)} ${q(BIN)} scan -; echo $? > ${q(rc)}; sleep 30`, 120, 20);
    await s.until('the stdin notice', () => s.pane().includes('reading stdin from the terminal'));
    expect(s.pane()).toContain('Ctrl-D to end');
    s.keys(ar({ uid: 'pasted' }), 'Enter');
    s.keys('C-d');
    await s.until('the exit', () => exitCodeWritten(rc));
    expect(readFileSync(rc, 'utf8')).toBe('0\n');
    expect(s.history()).toMatch(/pasted +\(1 finding\)/);
    s.kill();
  });

  it('is silent when stdin is a pipe', async () => {
    const r = await new Promise<string>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'scan', '-'], { stdio: ['pipe', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      child.on('close', () => resolve(err));
      child.stdin.end(`${ar({ uid: 'piped' })}\n`);
    });
    expect(r).not.toContain('reading stdin');
  });
});
