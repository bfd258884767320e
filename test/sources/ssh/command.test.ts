// The remote command: quoting proven by running it through a real POSIX shell with stand-in
// journalctl/sudo programs that print the argv they receive.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildRemoteCommand, EXIT_MARKER, journalctlArgs, shq, toJournalTime, validateCursor, validateUnit } from '../../../src/sources/ssh/command.js';
import { waitFor } from '../../helpers/wait.js';

const HOSTILE = ['$(rm -rf /)', '`touch /tmp/pwned`', "it's", "'; rm -rf / #", 'a"b', 'line1\nline2', 'a;b', 'a && b', '$HOME', '\\', '', ' lead', '*', '!x', '-rf'];

const bin = mkdtempSync(join(tmpdir(), 'a2g-cmd-'));
// journalctl stand-in: one line per argument, JSON-encoded, each containing type=audit so grep keeps it.
writeFileSync(join(bin, 'journalctl'), `#!${process.execPath}\nfor (const a of process.argv.slice(2)) console.log('type=audit ' + JSON.stringify(a));\nprocess.exit(Number(process.env.JC_EXIT || 0));\n`);
writeFileSync(join(bin, 'sudo'), '#!/bin/sh\n[ "$1" = "-n" ] || exit 99\nshift\nexec "$@"\n');
chmodSync(join(bin, 'journalctl'), 0o755);
chmodSync(join(bin, 'sudo'), 0o755);
afterAll(() => rmSync(bin, { recursive: true, force: true }));

/** Running (a zombie left for an init that does not reap counts as gone). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

interface Ran {
  argv: string[];
  stdout: string;
  stderr: string;
  status: number | null;
}

/**
 * Run the remote command as sshd would: in its own process group (the script may `kill 0` it) with
 * a stdin that stays open until the command ends (the channel), unless `closeStdinOn` is set: then
 * it closes once the command's output holds that text.
 */
function runRemote(cmd: string, env: Record<string, string> = {}, closeStdinOn?: string): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', cmd], { env: { PATH: `${bin}:/usr/bin:/bin`, ...env }, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (closeStdinOn !== undefined && stdout.includes(closeStdinOn)) child.stdin.end();
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    const guard = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('close', (status) => {
      clearTimeout(guard);
      child.stdin.destroy();
      const argv = stdout.split('\n').filter((l) => l.startsWith('type=audit ')).map((l) => JSON.parse(l.slice('type=audit '.length)) as string);
      resolve({ argv, stdout, stderr, status });
    });
  });
}

describe('shq', () => {
  it.each(HOSTILE)('a POSIX shell reads %j back verbatim', (v) => {
    expect(execFileSync('/bin/sh', ['-c', `printf '%s' ${shq(v)}`], { encoding: 'utf8' })).toBe(v);
  });
  it('nested: a quoted script quoted again still round-trips', () => {
    const inner = `printf '%s' ${shq("$(id)'`x`")}`;
    expect(execFileSync('/bin/sh', ['-c', `sh -c ${shq(inner)}`], { encoding: 'utf8' })).toBe("$(id)'`x`");
  });
});

describe('validation', () => {
  it.each(['$(rm -rf /)', '`id`', "dcos-'x", 'a;b', 'a b', 'a\nb', '-rf', '', 'a|b', 'a&b', 'a>b'])('rejects unit %j', (u) => {
    expect(() => validateUnit(u)).toThrow(/invalid unit/);
  });
  it.each(['dcos-*', 'dcos-adminrouter.service', 'dcos-mesos-slave*', 'foo@1.service', 'dcos-[ab]*'])('accepts unit %j', (u) => {
    expect(validateUnit(u)).toBe(u);
  });
  it.each(["s=1;i=2'; rm -rf /", 's=1 i=2', 's=$(id)', '`id`', 's\n'])('rejects cursor %j', (c) => {
    expect(() => validateCursor(c)).toThrow(/invalid journal cursor/);
  });
  it.each(['$(date)', 'yesterday; rm -rf /', '2019-03-01T00:00:00Z; id', '1d', 'not a time'])('rejects time %j', (t) => {
    expect(() => toJournalTime(t, 'floor')).toThrow(/invalid time/);
  });
  it('converts times to epoch seconds (floor for since, ceil for until)', () => {
    expect(toJournalTime('2019-03-01T12:00:00Z', 'floor')).toBe('@1551441600');
    expect(toJournalTime('2019-03-01T12:00:00.500Z', 'floor')).toBe('@1551441600');
    expect(toJournalTime('2019-03-01T12:00:00.500Z', 'ceil')).toBe('@1551441601');
    expect(toJournalTime('2019-03-01T13:00:00+01:00', 'floor')).toBe('@1551441600');
    expect(toJournalTime(1551441600000, 'floor')).toBe('@1551441600');
  });
  it('builder refuses hostile values before building anything', () => {
    expect(() => buildRemoteCommand({ units: ['$(rm -rf /)'] })).toThrow();
    expect(() => buildRemoteCommand({ units: ['dcos-*'], afterCursor: "x'; id" })).toThrow();
    expect(() => buildRemoteCommand({ units: ['dcos-*'], since: '`id`' })).toThrow();
  });
});

describe('journalctl arguments', () => {
  it('read mode', () => {
    expect(journalctlArgs({ units: ['dcos-*'], since: '2019-03-01T12:00:00Z', until: '2019-03-02T00:00:00Z' })).toEqual([
      'journalctl', '-u', 'dcos-*', '--no-pager', '-o', 'json', '--all', '--since=@1551441480', '--until=@1551484920', // ±120 s slack
    ]);
  });
  it('follow mode with resume and sudo', () => {
    expect(journalctlArgs({ units: ['a*', 'b*'], since: '2019-03-01T12:00:00Z', until: '2019-03-02T00:00:00Z', afterCursor: 's=1;i=2', follow: true, sudo: true })).toEqual([
      'sudo', '-n', 'journalctl', '-u', 'a*', '-u', 'b*', '--no-pager', '-o', 'json', '--all', '--after-cursor=s=1;i=2', '--follow', '--lines=all',
    ]);
  });
  it('defaults to dcos-*', () => {
    expect(journalctlArgs({ units: [] }).slice(1, 3)).toEqual(['-u', 'dcos-*']);
  });
});

describe('the whole remote command in a real shell', () => {
  it('journalctl receives exactly the intended argv (globs unexpanded), grep status is the exit status', async () => {
    const input = { units: ['dcos-*', 'dcos-[ab]\\*'], since: '2019-03-01T12:00:00Z', afterCursor: null, sudo: true };
    const r = await runRemote(buildRemoteCommand(input));
    expect(r.status).toBe(0);
    expect(r.argv).toEqual(journalctlArgs(input).slice(3));
  });
  it('the follow form uses grep --line-buffered', async () => {
    const cmd = buildRemoteCommand({ units: ['dcos-*'], follow: true });
    expect(cmd).toContain("'\\''--line-buffered'\\''");
    expect((await runRemote(cmd)).argv).toEqual(['-u', 'dcos-*', '--no-pager', '-o', 'json', '--all', '--follow', '--lines=all']);
  });
  it('reports journalctl failures through the stderr marker even though grep is last', async () => {
    const r = await runRemote(buildRemoteCommand({ units: ['dcos-*'] }), { JC_EXIT: '3' });
    expect(r.stderr).toContain(`${EXIT_MARKER}3`);
  });
  it('only matching lines pass the remote filter; no match is exit 1', async () => {
    writeFileSync(join(bin, 'journalctl'), `#!${process.execPath}\nconsole.log('noise');\nconsole.log('{"MESSAGE":"No auth token in request."}');\nconsole.log('{"MESSAGE":"Consult policyquery via x"}');\n`);
    const r = await runRemote(buildRemoteCommand({ units: ['dcos-*'] }));
    expect(r.stdout.split('\n').filter(Boolean)).toEqual(['{"MESSAGE":"No auth token in request."}', '{"MESSAGE":"Consult policyquery via x"}']);
    expect(r.status).toBe(0);
    writeFileSync(join(bin, 'journalctl'), `#!${process.execPath}\nconsole.log('noise');\n`);
    expect((await runRemote(buildRemoteCommand({ units: ['dcos-*'] }))).status).toBe(1);
  });

  it('when the channel closes (stdin ends), a following journalctl is stopped, not left behind', async () => {
    const pidFile = join(bin, 'jc.pid');
    // A journalctl --follow on a quiet node: it says it runs (a line grep lets through), then waits for ever.
    writeFileSync(join(bin, 'journalctl'), `#!/bin/sh\necho $$ > '${pidFile}'\necho 'following, type=audit'\nwhile :; do sleep 1; done\n`);
    const t0 = Date.now();
    const r = await runRemote(buildRemoteCommand({ units: ['dcos-*'], follow: true }), {}, 'following, type=audit\n');
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.status === null || r.status !== 0).toBe(true);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    // Not our child: no event says it ended, so a bounded poll.
    await waitFor(() => !alive(pid), { what: `journalctl (pid ${pid}) to be gone`, timeoutMs: 5000 });
  });
});
