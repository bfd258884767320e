// A private key audit2grant cannot use says why: an encrypted one is not "not a PEM key" (the operator
// would look for another file), and no message holds the key's bytes.
import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { parsePrivateKey } from '../../src/cluster/jwt.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
const fail = (pem: string): string => {
  try {
    parsePrivateKey(pem, 'the --private-key file k.pem');
  } catch (e) {
    expect((e as Error).message).not.toContain(pem.split('\n')[1]);
    return (e as Error).message;
  }
  throw new Error('parsed');
};

describe('parsePrivateKey', () => {
  it.each([
    ['PKCS#8 encrypted', privateKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'pw-secret' }).toString()],
    ['legacy OpenSSL encrypted (Proc-Type)', privateKey.export({ format: 'pem', type: 'pkcs1', cipher: 'aes-256-cbc', passphrase: 'pw-secret' }).toString()],
  ])('%s: says it is encrypted', (_n, pem) => {
    expect(fail(pem)).toMatch(/^the --private-key file k\.pem holds an encrypted private key \(it needs a passphrase\): service login needs the key unencrypted/);
  });

  it('text that is no key: does not hold a PEM private key', () => {
    expect(fail('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n')).toBe('the --private-key file k.pem does not hold a PEM private key');
  });
});
