// The certificates of NODE_EXTRA_CA_CERTS that the launcher kept from Node's start: the variable put
// back for child processes, the file read once, and trusted only where Node would have trusted it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { HIDDEN_CA, hiddenCaPem, settleHiddenCa } from '../../src/cluster/extra-ca.js';
import { trustedCas } from '../../src/cluster/tls.js';

const dir = mkdtempSync(join(tmpdir(), 'a2g-extra-ca-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('settleHiddenCa', () => {
  it('puts NODE_EXTRA_CA_CERTS back and keeps the mark when Node did not read the file', () => {
    const env: NodeJS.ProcessEnv = { [HIDDEN_CA]: '/x/ca.pem' };
    settleHiddenCa(env);
    expect(env).toEqual({ [HIDDEN_CA]: '/x/ca.pem', NODE_EXTRA_CA_CERTS: '/x/ca.pem' });
  });

  it('drops the mark when NODE_EXTRA_CA_CERTS was set at start (Node read it), or when it is empty', () => {
    const inherited: NodeJS.ProcessEnv = { [HIDDEN_CA]: '/x/ca.pem', NODE_EXTRA_CA_CERTS: '/x/ca.pem' };
    settleHiddenCa(inherited);
    expect(inherited).toEqual({ NODE_EXTRA_CA_CERTS: '/x/ca.pem' });
    const empty: NodeJS.ProcessEnv = { [HIDDEN_CA]: '' };
    settleHiddenCa(empty);
    expect(empty).toEqual({});
  });

  it('leaves an environment without the mark as it is', () => {
    const env: NodeJS.ProcessEnv = { NODE_EXTRA_CA_CERTS: '/x/ca.pem' };
    settleHiddenCa(env);
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
});

describe('trustedCas', () => {
  const never = (): string | null => {
    throw new Error('read without need');
  };

  it("Node's default store when nothing was hidden and no cluster CA is given", () => {
    expect(trustedCas(undefined, () => null)).toBeUndefined();
  });

  it('the roots and the hidden certificates, as Node would have trusted them', () => {
    expect(trustedCas(undefined, () => 'EXTRA')).toEqual([...rootCertificates, 'EXTRA']);
  });

  it("a cluster CA goes with the roots alone, as Node's own `ca` option leaves the extra certificates out", () => {
    expect(trustedCas('CLUSTER', never)).toEqual([...rootCertificates, 'CLUSTER']);
  });
});
