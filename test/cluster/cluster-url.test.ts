// The cluster URL is checked where it enters: a user name, password, query or fragment in it is a
// usage error naming where it came from, never showing the secret; the DC/OS CLI config's
// dcos_url and DCOS_URL are checked like --cluster-url.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClusterUrlError } from '../../src/cluster/clusterUrl.js';
import { resolveCluster } from '../../src/cluster/credentials.js';
import { UsageError } from '../../src/errors.js';
import { cleanEnv, tempDir } from '../iam/helpers.js';

let t: ReturnType<typeof tempDir>;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  t = tempDir();
  env = cleanEnv(t.dir);
});
afterEach(() => t.cleanup());

/** The usage error resolveCluster throws (fails the test when it throws none). */
function refusal(flags: Parameters<typeof resolveCluster>[0], e: NodeJS.ProcessEnv, needAuth = true): UsageError {
  try {
    resolveCluster(flags, e, { needAuth });
  } catch (err) {
    expect(err).toBeInstanceOf(ClusterUrlError);
    expect(err).toBeInstanceOf(UsageError);
    return err as UsageError;
  }
  throw new Error('resolveCluster accepted the URL');
}

describe('a cluster URL with credentials or a query', () => {
  it.each([
    ['https://admin:S3cret@master.example/', /--cluster-url holds a user name or password \(https:\/\/\*\*\*@master\.example\/\)/],
    ['https://S3cret@master.example', /holds a user name or password/],
    ['https://master.example/?token=S3cret', /--cluster-url has a query or fragment, which audit2grant would drop \(https:\/\/master\.example\/\?…\)$/],
    ['https://master.example/p#S3cret', /has a query or fragment, which audit2grant would drop \(https:\/\/master\.example\/p#…\)$/],
    ['ftp://master.example', /must start with https:\/\/ or http:\/\/ \(not ftp:\)/],
  ])('--cluster-url %s is refused, the secret not shown', (url, msg) => {
    const e = refusal({ clusterUrl: url, token: 'tok' }, env);
    expect(e.message).toMatch(msg);
    expect(`${e.message} ${e.hint}`).not.toContain('S3cret');
  });

  it('an unparsable URL with an @ is not quoted at all', () => {
    const e = refusal({ clusterUrl: 'https://u:p/S3cret@h:x', token: 'tok' }, env);
    expect(e.message).toBe('the cluster URL from --cluster-url is not a URL');
    expect(refusal({ clusterUrl: 'master.example', token: 'tok' }, env).message).toBe('the cluster URL from --cluster-url is not a URL ("master.example")');
  });

  it('DCOS_URL and the DC/OS CLI config are refused the same way, naming where the URL came from', () => {
    expect(refusal({ token: 'tok' }, { ...env, DCOS_URL: 'https://a:S3cret@env.example' }).message).toMatch(/^the cluster URL from DCOS_URL holds/);
    const d = join(env.DCOS_DIR as string, 'clusters', 'id1');
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'dcos.toml'), '[core]\ndcos_url = "https://a:S3cret@cfg.example"\ndcos_acs_token = "cfg-token"\n');
    const e = refusal({}, env);
    expect(e.message).toMatch(/^the cluster URL from .*dcos\.toml holds a user name or password \(https:\/\/\*\*\*@cfg\.example\/\)/);
    expect(e.message).not.toContain('S3cret');
  });

  it('also when no authentication is needed (a dry run shows the URL it would use)', () => {
    expect(refusal({ clusterUrl: 'https://a:S3cret@h' }, env, false).message).toMatch(/holds a user name or password/);
  });

  it('a URL not chosen is not refused, and is hidden in the warning that names it', () => {
    const r = resolveCluster({ clusterUrl: 'https://flag.example' }, { ...env, DCOS_URL: 'https://a:S3cret@env.example', DCOS_ACS_TOKEN: 'env-token' }, { needAuth: false });
    expect(r.clusterUrl).toBe('https://flag.example');
    expect(r.warnings.join('\n')).toContain('DCOS_ACS_TOKEN is not used: it belongs to DCOS_URL=https://***@env.example, not https://flag.example');
    expect(r.warnings.join('\n')).not.toContain('S3cret');
  });

  it('a good URL comes back in its parsed form, path prefix kept, trailing slashes gone', () => {
    expect(resolveCluster({ clusterUrl: 'https://Master.Example:443/prefix//', token: 't' }, env, { needAuth: true }).clusterUrl).toBe('https://master.example/prefix');
    expect(resolveCluster({ clusterUrl: 'http://[::1]:8080/', token: 't' }, env, { needAuth: true }).clusterUrl).toBe('http://[::1]:8080');
  });
});
