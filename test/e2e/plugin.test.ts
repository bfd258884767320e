// `npm run plugin`'s zip as the DC/OS CLI installs and runs it: unpacked (yauzl, modes kept), its
// plugin.toml read, and its launcher run the way `dcos audit2grant …` runs it (the command name
// first, DCOS_URL, DCOS_ACS_TOKEN and DCOS_TLS_CA_PATH in the environment) against the sandbox's
// logging API over HTTPS. Needs `npm run build`.
import { execFile, spawn } from 'node:child_process';
import { chmodSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'smol-toml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { cleanEnv } from '../iam/helpers.js';
import { loginPassword } from '../sandbox/iam/client.js';
import { denial, logCluster, type LogCluster } from '../sources/dcos/helpers.js';
import { nth } from '../helpers/nth.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Unzip as the DC/OS CLI does into `dest` (env/), keeping each entry's Unix mode. */
async function unzip(file: string, dest: string): Promise<string[]> {
  const zip = await promisify<string, yauzl.Options, yauzl.ZipFile>(yauzl.open)(file, { lazyEntries: true });
  const names: string[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', resolve);
    zip.on('entry', (e: yauzl.Entry) => {
      names.push(e.fileName);
      const to = join(dest, e.fileName);
      mkdirSync(dirname(to), { recursive: true });
      zip.openReadStream(e, (err, s) => {
        if (err) return reject(err);
        s.pipe(createWriteStream(to)).on('close', () => {
          chmodSync(to, (e.externalFileAttributes >>> 16) & 0o777);
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  return names;
}

function launch(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the dcos CLI plugin (npm run plugin)', () => {
  let dir: string;
  let c: LogCluster;
  let zipPath: string;
  let names: string[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'a2g-plugin-'));
    const [built, cluster] = await Promise.all([
      promisify(execFile)(process.execPath, [join(root, 'test/tools/make-plugin.mjs'), '--out', dir]),
      logCluster(),
    ]);
    c = cluster;
    zipPath = join(dir, `dcos-audit2grant-${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version}.zip`);
    expect(built.stdout).toContain('Node.js 20 or later must be on PATH');
    names = await unzip(zipPath, join(dir, 'env'));
  }, 60_000);
  afterAll(async () => {
    await c?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('holds plugin.toml (schema 1, the audit2grant command), an executable launcher, the app and only its runtime dependencies', () => {
    const toml = parse(readFileSync(join(dir, 'env', 'plugin.toml'), 'utf8')) as { schema_version: number; name: string; commands: Array<{ name: string; path: string; description: string }> };
    expect(toml.schema_version).toBe(1);
    expect(toml.name).toBe('audit2grant');
    expect(toml.commands).toEqual([{ name: 'audit2grant', path: 'bin/dcos-audit2grant', description: expect.stringContaining('service account') }]);
    expect(statSync(join(dir, 'env', nth(toml.commands, 0).path)).mode & 0o111).not.toBe(0);
    expect(names).toContain('lib/audit2grant/dist/cli.js');
    expect(names).toContain('lib/audit2grant/node_modules/yargs/package.json');
    expect(names.some((n) => n.startsWith('lib/audit2grant/node_modules/vitest/'))).toBe(false);
    expect(names.some((n) => n.startsWith('lib/audit2grant/node_modules/cpu-features/'))).toBe(false);
    expect(names.some((n) => n.endsWith('.map'))).toBe(false);
  });

  it('`dcos audit2grant scan dcos://all`: the launcher reads the cluster the CLI is attached to', async () => {
    const logs = c.iam.logs!;
    logs.writeLines('127.0.0.2', denial('plugin-sa', 'dcos:mesos:master:framework:role:plugged'));
    await c.reader('cli-user');
    const token = await loginPassword(c.iam.httpUrl, 'cli-user', 'pw-cli-user');
    const env = cleanEnv(dir, { DCOS_URL: c.iam.httpsUrl, DCOS_ACS_TOKEN: token, DCOS_TLS_CA_PATH: c.iam.caPath, DCOS_CLI_EXECUTABLE_PATH: '/usr/local/bin/dcos' });
    const r = await launch(join(dir, 'env', 'bin', 'dcos-audit2grant'), ['audit2grant', 'scan', 'dcos://all', '--uid', 'plugin-sa', '--format', 'dcos'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('dcos security org users grant plugin-sa dcos:mesos:master:framework:role:plugged create');
    const help = await launch(join(dir, 'env', 'bin', 'dcos-audit2grant'), ['audit2grant', '--help'], env);
    expect(help.stdout).toContain('dcos://');
  }, 30_000);

  it('without node on PATH: says so, exit 127', async () => {
    const bin = join(dir, 'no-node-bin');
    mkdirSync(bin);
    // Only what the launcher needs besides node: sh (its #! line) and dirname.
    symlinkSync(['/usr/bin/dirname', '/bin/dirname'].find((f) => existsSync(f)) ?? 'dirname', join(bin, 'dirname'));
    const r = await launch(join(dir, 'env', 'bin', 'dcos-audit2grant'), ['audit2grant', '--version'], { PATH: bin });
    expect(r.code).toBe(127);
    expect(r.stderr).toBe('dcos audit2grant: Node.js 20 or later must be on PATH (https://nodejs.org)\n');
  });
});
