// redactUrls: the one function that hides a URL's password and token parameters, in one URL or in
// a message holding several.
import { describe, expect, it } from 'vitest';
import { knownHider, redactEchoed, redactUrls } from '../../src/core/redact.js';
import { describeError, errorLine, OperationalError, UsageError } from '../../src/errors.js';
import { safeRedacted, safeText, sourceErrorText } from '../../src/core/text.js';
import { resultLine } from '../../src/commands/iam-output.js';

describe('redactUrls', () => {
  it.each([
    ['https://user:S3cret@master.example/', 'https://***@master.example/'],
    ['https://S3cret@master.example', 'https://***@master.example'],
    // A password with an unescaped @: everything up to the last @ of the authority is user-info.
    ['https://u:p@S3cret@master.example:8443/x', 'https://***@master.example:8443/x'],
    ['HTTP://U:S3cret@h', 'HTTP://***@h'],
    ['dcos://u:S3cret@leader', 'dcos://***@leader'],
    ['https://h/acs?token=S3cret&limit=5', 'https://h/acs?token=***&limit=5'],
    ['https://h/?access_token=S3cret', 'https://h/?access_token=***'],
    ['https://h/?a=1&api_key=S3cret#x', 'https://h/?a=1&api_key=***#x'],
    ['https://h/?X-Amz-Signature=S3cret', 'https://h/?X-Amz-Signature=***'],
    ['https://h/cb#access_token=S3cret', 'https://h/cb#access_token=***'],
    ['https://h/?PASSWORD=S3cret', 'https://h/?PASSWORD=***'],
    // Glued to a word: no word boundary before the scheme.
    ['x_https://u:S3cret@h', 'x_https://***@h'],
    ['port 1https://u:S3cret@h', 'port 1https://***@h'],
  ])('%s → %s', (input, want) => {
    expect(redactUrls(input)).toBe(want);
  });

  it('leaves what is not a secret as it is', () => {
    for (const s of [
      'https://master.example/prefix',
      'https://h/system/v1/logs/v1/range/?filter=_SYSTEMD_UNIT:dcos-mesos-master.service&limit=100&cursor=s%3Dabc',
      // An ssh login name alone is shown in host labels; it is no secret.
      'ssh://core@10.0.0.1:22',
      'mail svc@example.com about dcos:adminrouter:ops:mesos',
      'https://h/a@b',
    ]) expect(redactUrls(s)).toBe(s);
    expect(redactUrls('ssh://core:S3cret@10.0.0.1')).toBe('ssh://***@10.0.0.1');
  });

  it('works inside a message holding several URLs', () => {
    const m = 'session X granted on https://a:S3cret@one.example, not on https://two.example/?token=S3cret2 (see http://b:S3cret3@three)';
    const r = redactUrls(m);
    expect(r).not.toMatch(/S3cret/);
    expect(r).toBe('session X granted on https://***@one.example, not on https://two.example/?token=*** (see http://***@three)');
  });
});

describe('the last step before stderr hides them too', () => {
  it('errors, one-line errors and source errors', () => {
    const u = new UsageError('cannot use https://u:S3cret@h/x', 'check https://h/?token=S3cret2 again');
    expect(describeError(u).text).toBe('cannot use https://***@h/x\n  hint: check https://h/?token=*** again');
    expect(describeError(new OperationalError('cannot reach http://u:S3cret@h')).text).toBe('cannot reach http://***@h');
    expect(errorLine(new Error('lost https://u:S3cret@h\nmore'))).toBe('lost https://***@h');
    expect(sourceErrorText({ source: 'ssh://u:S3cret@h', message: 'bad' })).toBe('ssh://***@h: bad');
  });
});

describe('a secret cut by a line break or a tab is hidden whole, whether redacted before or after escaping', () => {
  // safeText turns these into visible text (`\x0a`), which is then part of the secret: redacting first
  // must end a secret where the escaped text would end it, at a blank, `&`, `#` (or `/` `?` for user-info).
  const cut = [
    ['https://h/acs?token=SEC\nRET&limit=5', 'https://h/acs?token=***&limit=5'],
    ['https://h/?api_key=SEC\r\nRET more', 'https://h/?api_key=*** more'],
    ['https://h/?sig=SEC\tRET#x', 'https://h/?sig=***#x'],
    ['https://u:SEC\u2028RET@h/x', 'https://***@h/x'],
    // The login name alone would be kept: cut before the password, both are hidden.
    ['ssh://co\nre:SECRET@10.0.0.1', 'ssh://***@10.0.0.1'],
  ] as const;

  it.each(cut)('%s', (input, want) => {
    expect(safeRedacted(input)).toBe(want);
    expect(safeText(redactUrls(input))).toBe(want);
    expect(redactUrls(safeText(input))).toBe(want);
  });

  it('through a source error, an error\'s hint and a result line', () => {
    const url = 'https://h/acs?token=SEC\nRET';
    expect(sourceErrorText({ source: 'dcos://leader', message: `lost ${url}` })).toBe('dcos://leader: lost https://h/acs?token=***');
    expect(describeError(new OperationalError('cannot grant', `see ${url}`)).text).toBe('cannot grant\n  hint: see https://h/acs?token=***');
    const r = { uid: 'svc', rid: 'dcos:mesos:master:log', action: 'read', outcome: 'failed' as const, detail: `lost ${url}`, aclCreated: false };
    expect(resultLine(r)).toMatch(/ \(lost https:\/\/h\/acs\?token=\*\*\*\)\n$/);
  });
});

describe('redactEchoed', () => {
  const tok = 'eyJhbGciOiJSUzI1NiJ9.eyJ1aWQiOiJib290c3RyYXB1c2VyIn0.c2ln';
  it.each([
    [`bad request; you sent token=${tok}`, 'bad request; you sent token=***'],
    [`Authorization: token=abcSECRETTOKEN`, 'Authorization: token=***'],
    [`you sent ${tok} as your token`, 'you sent *** as your token'],
    [`cut here: ${tok.slice(0, 30)}`, 'cut here: ***'],
    ['{"password": "hunter22", "uid": "u"}', '{"password": "***", "uid": "u"}'],
    ['see https://u:pw@h/x', 'see https://***@h/x'],
    ['nothing secret: reason=bad uid=svc', 'nothing secret: reason=bad uid=svc'],
  ])('%s', (text, want) => {
    expect(redactEchoed(text, [tok])).toBe(want);
  });
});

describe('knownHider: a secret the request sent, as a server may echo it', () => {
  const pw = 'hunter2 "pass" <&>/x';
  it.each([
    ['as sent', `got ${pw}.`, 'got ***.'],
    ['JSON-escaped', `{"d":"got ${JSON.stringify(pw).slice(1, -1)}"}`, '{"d":"got ***"}'],
    ['HTML-escaped', `<p>got hunter2 &quot;pass&quot; &lt;&amp;&gt;/x</p>`, '<p>got ***</p>'],
    ['percent-encoded', `/login?p=${encodeURIComponent(pw)}&a=1`, '/login?p=***&a=1'],
    ['cut short at the end', `got ${pw.slice(0, 12)}`, 'got ***'],
  ])('%s', (_n, text, want) => {
    expect(knownHider([pw])(text)).toBe(want);
  });

  it('a short secret only as a word of its own: an IAM code holding it stays whole', () => {
    expect(knownHider(['ACE'])('ACE is wrong (ERR_ACE_EXISTS, ACEs)')).toBe('*** is wrong (ERR_ACE_EXISTS, ACEs)');
  });

  it('an empty secret hides nothing', () => {
    expect(knownHider(['', ''])('a text')).toBe('a text');
  });
});
