// The certificates of NODE_EXTRA_CA_CERTS that the launcher kept from Node's start: the variable put
// back for child processes (bin/load-cli.js), the file read once, and added to the default store only where Node
// would have added it. Real TLS against the sandbox IAM's HTTPS.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultStoreWithHidden, HIDDEN_CA, hiddenCaPem } from '../../src/cluster/extra-ca.js';
import { trustedContext } from '../../src/cluster/tls.js';
import { startSandboxIam, type SandboxIam } from '../../src/sandbox/iam/index.js';

const dir = mkdtempSync(join(tmpdir(), 'a2g-extra-ca-unit-'));
let iam: SandboxIam;
beforeAll(async () => {
  iam = await startSandboxIam();
});
afterAll(async () => {
  await iam.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Whether a TLS handshake with the sandbox's HTTPS port verifies under `ctx` (undefined: Node's default). */
function verifies(ctx: SecureContext | undefined): Promise<true | string> {
  const port = Number(new URL(iam.httpsUrl).port);
  return new Promise((resolve) => {
    const sock = connect({ host: '127.0.0.1', port, secureContext: ctx, servername: 'localhost' }, () => {
      sock.end();
      resolve(true);
    });
    sock.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

describe('restoreExtraCaCerts (the launcher, bin/load-cli.js)', async () => {
  const { restoreExtraCaCerts } = (await import('../../bin/load-cli.js' as string)) as { restoreExtraCaCerts(env: NodeJS.ProcessEnv): void };

  it('puts NODE_EXTRA_CA_CERTS back and keeps the mark when Node did not read the file', () => {
    const env: NodeJS.ProcessEnv = { [HIDDEN_CA]: '/x/ca.pem' };
    restoreExtraCaCerts(env);
    expect(env).toEqual({ [HIDDEN_CA]: '/x/ca.pem', NODE_EXTRA_CA_CERTS: '/x/ca.pem' });
  });

  it('drops the mark when NODE_EXTRA_CA_CERTS was set at start (Node read it), or when it is empty', () => {
    const inherited: NodeJS.ProcessEnv = { [HIDDEN_CA]: '/x/ca.pem', NODE_EXTRA_CA_CERTS: '/x/ca.pem' };
    restoreExtraCaCerts(inherited);
    expect(inherited).toEqual({ NODE_EXTRA_CA_CERTS: '/x/ca.pem' });
    const empty: NodeJS.ProcessEnv = { [HIDDEN_CA]: '' };
    restoreExtraCaCerts(empty);
    expect(empty).toEqual({});
  });

  it('leaves an environment without the mark as it is', () => {
    const env: NodeJS.ProcessEnv = { NODE_EXTRA_CA_CERTS: '/x/ca.pem' };
    restoreExtraCaCerts(env);
    expect(env).toEqual({ NODE_EXTRA_CA_CERTS: '/x/ca.pem' });
  });
});

describe('hiddenCaPem', () => {
  it('reads the marked file, once; nothing without the mark', () => {
    const file = join(dir, 'a.pem');
    writeFileSync(file, 'PEM A');
    expect(hiddenCaPem({})).toBeNull();
    expect(hiddenCaPem({ [HIDDEN_CA]: file })).toBe('PEM A');
    writeFileSync(file, 'PEM B');
    expect(hiddenCaPem({ [HIDDEN_CA]: file })).toBe('PEM A');
  });

  it('says once that a file cannot be read, and adds nothing', () => {
    const said: string[] = [];
    const missing = join(dir, 'missing.pem');
    expect(hiddenCaPem({ [HIDDEN_CA]: missing }, (m) => said.push(m))).toBeNull();
    expect(hiddenCaPem({ [HIDDEN_CA]: missing }, (m) => said.push(m))).toBeNull();
    expect(said).toEqual([`audit2grant: warning: NODE_EXTRA_CA_CERTS ${missing} cannot be read (ENOENT): its certificates are not trusted\n`]);
  });

  it('says which certificate cannot be read, as Node says it of the file at start', () => {
    const said: string[] = [];
    const file = join(dir, 'bad.pem');
    writeFileSync(file, `${rootCertificates[0]}\n-----BEGIN CERTIFICATE-----\nAAAA!!\n-----END CERTIFICATE-----\n${iam.caPem}`);
    expect(hiddenCaPem({ [HIDDEN_CA]: file }, (m) => said.push(m))).toContain('AAAA!!');
    expect(said).toEqual([`audit2grant: warning: NODE_EXTRA_CA_CERTS ${file}: certificate 2 cannot be read: it and the ones after it are not trusted\n`]);
  });
});

describe('the trust of a connection', () => {
  it("Node's default store does not trust the sandbox; the default store with the hidden file does", async () => {
    expect(await verifies(undefined)).toMatch(/SELF_SIGNED|UNABLE_TO/);
    expect(await verifies(defaultStoreWithHidden(iam.caPem)!)).toBe(true);
    expect(defaultStoreWithHidden(null)).toBeUndefined();
  });

  it("adding to one context changes no other's trust; it is made once", async () => {
    expect(defaultStoreWithHidden(iam.caPem)).toBe(defaultStoreWithHidden(iam.caPem));
    expect(await verifies(createSecureContext())).toMatch(/SELF_SIGNED|UNABLE_TO/);
  });

  it('a cluster CA goes with the roots alone: the hidden file is never asked for', async () => {
    const never = (): SecureContext | undefined => {
      throw new Error('asked without need');
    };
    expect(await verifies(trustedContext(iam.caPem, never)!)).toBe(true);
    expect(await verifies(trustedContext(rootCertificates[0], never)!)).toMatch(/SELF_SIGNED|UNABLE_TO/);
  });

  it('without a cluster CA: the hidden file when there is one, else Node\'s default', () => {
    const ctx = createSecureContext();
    expect(trustedContext(undefined, () => ctx)).toBe(ctx);
    expect(trustedContext(undefined, () => undefined)).toBeUndefined();
  });
});
