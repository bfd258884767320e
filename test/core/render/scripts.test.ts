import { describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFindingsAggregator } from '../../../src/core/findings/index.js';
import { renderCurl, renderDcos } from '../../../src/core/render/index.js';
import type { ScanResult } from '../../../src/core/types.js';
import { deny } from '../findings/helpers.js';
import { sampleResult } from '../plan/fixture.js';
import { nth } from '../../helpers/nth.js';
import { scriptStubs } from './script-stubs.js';

const TOKEN = 'tok-SECRET-value-123';
const stubs = scriptStubs();
const { calls, curlStdin, sh } = stubs;

// An Admin Router service rid takes any text after its prefix and is normal risk: a hostile rid of
// that shape becomes a live command, so quoting is what keeps it harmless.
const AR = 'dcos:adminrouter:service:';

/** Findings whose text tries to break out of quoting or comments. */
function hostile(): ScanResult {
  const r = createFindingsAggregator({ uids: [], since: null, until: null });
  r.add(deny({ uid: 'svc', rid: `${AR}$(touch\${IFS}PWNED1)/a`, ridAction: 'full' }));
  r.add(deny({ uid: 'svc', rid: `${AR}\`touch\${IFS}PWNED2\`'"`, ridAction: 'full' }));
  // Not in the catalog: written disabled, still quoted.
  r.add(deny({ uid: 'svc', rid: 'dcos:x:$(touch${IFS}PWNED4)/a', ridAction: 'read' }));
  r.add(deny({ uid: 'svc', rid: '', object: '/x\ntouch PWNED3', ridAction: '', action: 'GET' }));
  r.add(deny({ uid: 'svc', rid: 'dcos:x:bad rid', ridAction: 'read' }));
  r.add(deny({ uid: 'svc', rid: 'dcos:y', ridAction: 'GET' }));
  return r.result({ bytes: 0, lines: 0, sources: 1, elapsedMs: 0, errors: [] });
}

describe('renderDcos', () => {
  it('one grant line per grantable finding with risk and derived comments', () => {
    const out = renderDcos(sampleResult());
    const cmds = out.split('\n').filter((l) => l && !l.startsWith('# '));
    expect(cmds).toHaveLength(3);
    for (const c of cmds) expect(c).toMatch(/^dcos security org users grant /);
    expect(out).toMatch(/^# audit2grant: 3 grant\(s\) and 3 commented out \(they need a consent or a check\) from /);
    // What the policy refuses without consent is written disabled: the user must uncomment it on purpose.
    expect(out).toMatch(/# DANGEROUS: dcos:mesos:master:task:user:root create: .*\n# Commented out \(DANGEROUS .*--allow-dangerous.*\): uncomment it only if you mean it\.\n# dcos security org users grant svc-app dcos:mesos:master:task:user:root create\n/);
    expect(out).toMatch(/# SENSITIVE: dcos:adminrouter:package full: .*\n# Commented out \(SENSITIVE: granted unattended only with --yes\): .*\n# dcos security org users grant svc-app dcos:adminrouter:package full\n/);
    // An inferred mapping (derived finding) is written disabled too, as `grant --from` needs --allow-derived for it.
    expect(out).toMatch(/\n# Commented out \(an inferred mapping: check the rid and action first\): uncomment it only if you mean it\.\n# derived from CreateRunSpec \/dev\/app: inferred mapping, check it\n# dcos security org users grant svc-app dcos:service:marathon:marathon:services:\/dev\/app create\n/);
    expect(out).not.toMatch(/^dcos .*marathon:services/m);
    expect(out).toMatch(/# skipped svc-app \/slave\(1\)\/state GET .*not a DC\/OS permission id/);
  });

  it('an action the rid\'s catalog row does not list, or an unscoped role, is written commented out with why', () => {
    const r = createFindingsAggregator({ uids: [], since: null, until: null });
    r.add(deny({ uid: 'svc', rid: 'dcos:adminrouter:ops:mesos', ridAction: 'read' }));
    r.add(deny({ uid: 'svc', rid: 'dcos:mesos:master:framework:role', ridAction: 'create' }));
    const out = renderDcos(r.result({ bytes: 0, lines: 0, sources: 1, elapsedMs: 0, errors: [] }));
    expect(out).toMatch(/^# unknown risk: dcos:adminrouter:ops:mesos read: an action dcos:adminrouter:ops:mesos does not list\n# Commented out \(unknown risk \(action 'read' is not one this permission lists \(only full\)\): granted unattended only with --yes\)/m);
    expect(out).toMatch(/^# dcos security org users grant svc dcos:adminrouter:ops:mesos read$/m);
    expect(out).toMatch(/^# SENSITIVE: dcos:mesos:master:framework:role create: No role given = every role: /m);
    expect(out).toMatch(/^# dcos security org users grant svc dcos:mesos:master:framework:role create$/m);
    expect(out).not.toMatch(/^dcos /m);
  });

  it('runs: the CLI receives uid, rid and action verbatim, hostile text executes nothing', async () => {
    const res = await sh(renderDcos(sampleResult()) + renderDcos(hostile()), {});
    expect(res.code).toBe(0);
    const got = calls('dcos').map((c) => c.slice(3).join(' '));
    expect(got).toContain('grant svc-app dcos:cluster:linker:* read');
    expect(got).toContain('grant svc-app dcos:mesos:master:framework:role:slave_public/kafka create');
    expect(got).toContain(`grant svc ${AR}$(touch\${IFS}PWNED1)/a full`);
    expect(got).toContain(`grant svc ${AR}\`touch\${IFS}PWNED2\`'" full`);
    expect(got).not.toContain('grant svc-app dcos:mesos:master:task:user:root create');
    expect(got).not.toContain('grant svc-app dcos:adminrouter:package full');
    expect(got).not.toContain('grant svc-app dcos:service:marathon:marathon:services:/dev/app create');
    // 3 normal sample grants (the dangerous, the sensitive and the derived one disabled) + 2 hostile
    // admin router rids; the uncatalogued rid disabled, the bad rid and GET skipped.
    expect(got).toHaveLength(5);
    for (const f of ['PWNED1', 'PWNED2', 'PWNED3', 'PWNED4']) expect(existsSync(join(stubs.dir, f))).toBe(false);
  });
});

describe('renderCurl', () => {
  it('is a sh script that checks its variables and never holds a token', () => {
    const out = renderCurl(sampleResult());
    expect(out.startsWith('#!/bin/sh\n')).toBe(true);
    expect(out).toMatch(/^set -eu$/m);
    expect(out).toContain(': "${DCOS_URL:?');
    expect(out).toContain(': "${DCOS_ACS_TOKEN:?');
    // The token reaches curl on its stdin as a config line, written by printf (a builtin): never in
    // any argv (ps shows those), nor in a here-document's temp file; `-K -` is in curl 7.29 too.
    expect(out).toContain(`a2g_curl() {\n  printf 'header = "Authorization: token=%s"\\n' "$DCOS_ACS_TOKEN" | curl -K - "$@"\n}\n`);
    expect(out).not.toMatch(/^(?! {2}printf 'header = "Authorization: token=%s).*token=/m);
    expect(out).not.toContain('@-');
    expect(out).not.toContain('<<');
    expect(out).toContain('"${DCOS_URL}"/acs/api/v1/acls/dcos:service:marathon:marathon:services:%252Fdev%252Fapp/users/svc-app/create');
    expect(out).not.toMatch(/%2F(?!.)/);
    expect(out).not.toContain('DELETE');
    expect(out.match(/^a2g_curl /gm)).toHaveLength(6);
    expect(out.match(/^# a2g_curl .*task:user:root/gm)).toHaveLength(2);
    expect(out.match(/^# a2g_curl .*dcos:adminrouter:package/gm)).toHaveLength(2);
    // The inferred mapping: both calls and the echo disabled, with why above them.
    expect(out).toMatch(/\n# Commented out \(an inferred mapping: check the rid and action first\): uncomment it only if you mean it\.\n# derived from CreateRunSpec \/dev\/app: inferred mapping, check it\n# a2g_curl .*%252Fdev%252Fapp \| expect_status 201 ERR_ACL_EXISTS\n# a2g_curl .*%252Fdev%252Fapp\/users\/svc-app\/create \| expect_status 204 any\n# echo 'granted/);
    expect(out).not.toMatch(/^a2g_curl .*marathon:services/m);
    // Each body is kept for the 409 check in one temp file, removed on exit; the ACL's 409 needs its code.
    expect(out).toMatch(/^a2g_body=\$\(mktemp\); trap 'rm -f "\$a2g_body"' EXIT; /m);
    expect(out.match(/^a2g_curl .* -o "\$a2g_body" -w '%\{http_code\}\\n' .*acls\/[^/]+ \| expect_status 201 ERR_ACL_EXISTS$/gm)).toHaveLength(3);
    expect(out.match(/^a2g_curl .* -o "\$a2g_body" -w '%\{http_code\}\\n' .*\/users\/svc-app\/[a-z]+'? \| expect_status 204 any$/gm)).toHaveLength(2);
  });

  it('uses other variable names when asked and refuses unsafe ones', () => {
    const out = renderCurl(sampleResult(), { urlVar: 'URL', tokenVar: 'TOK' });
    expect(out).toContain(`token=%s"\\n' "$TOK" | curl -K - "$@"\n`);
    expect(out).toContain('"${URL}"/acs/');
    expect(() => renderCurl(sampleResult(), { tokenVar: 'X}; rm -rf /' })).toThrow();
  });

  it('runs: PUT ACL with the description then PUT ACE, %252F kept, trailing slash of the URL dropped', async () => {
    const res = await sh(renderCurl(sampleResult()), { DCOS_URL: 'https://127.0.0.1:9/', DCOS_ACS_TOKEN: TOKEN });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const c = calls('curl');
    expect(c).toHaveLength(6);
    const url = (args: string[]) => args.at(-1);
    expect(c.map(url).some((u) => u?.includes('task:user:root') || u?.includes('adminrouter:package') || u?.includes('marathon:services'))).toBe(false);
    const at = c.findIndex((args) => url(args) === 'https://127.0.0.1:9/acs/api/v1/acls/dcos:mesos:master:framework:role:slave_public%252Fkafka');
    expect(at).toBeGreaterThanOrEqual(0);
    expect(c[at]).toEqual(expect.arrayContaining(['-K', '-', '-X', 'PUT', '-d', '{"description":"Created by audit2grant"}']));
    for (const args of c) expect(args.join(' ')).not.toContain(TOKEN);
    // Each call had the token on its standard input, as curl's config line, and nothing else there.
    expect(curlStdin()).toEqual(Array(6).fill(`header = "Authorization: token=${TOKEN}"\n`));
    expect(url(nth(c, at + 1))).toBe('https://127.0.0.1:9/acs/api/v1/acls/dcos:mesos:master:framework:role:slave_public%252Fkafka/users/svc-app/create');
    expect(c[at + 1]).not.toContain('-d');
    expect(c.map(url)).toContain("https://127.0.0.1:9/acs/api/v1/acls/dcos:cluster:linker:*/users/svc-app/read");
  });

  it("runs: 409 is success as the IAM's JSON error (exists / already held), any other answer stops the script", async () => {
    const env = { DCOS_URL: 'http://127.0.0.1:9', DCOS_ACS_TOKEN: TOKEN };
    const held = {
      STATUS_ACL: '409', BODY_ACL: '{"title":"Conflict","description":"ACL exists.","code":"ERR_ACL_EXISTS"}',
      STATUS_ACE: '409', BODY_ACE: '{"title":"Conflict","description":"Already held.","code":"ERR_ACE_EXISTS"}',
    };
    expect(await sh(renderCurl(sampleResult()), { ...env, ...held })).toMatchObject({ code: 0, stderr: '' });
    expect(calls('curl')).toHaveLength(6);
    const bad = await sh(renderCurl(sampleResult()), { ...env, STATUS_ACE: '400', BODY_ACE: '{"code":"ERR_INVALID_ACTION"}' });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toBe('unexpected HTTP status 400, body: {"code":"ERR_INVALID_ACTION"}\n');
    expect(calls('curl')).toHaveLength(2);
    expect(bad.stderr + bad.stdout).not.toContain(TOKEN);
  });

  it('runs: refuses to start without the variables', async () => {
    const res = await sh(renderCurl(sampleResult()), { DCOS_URL: 'http://127.0.0.1:9' });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/DCOS_ACS_TOKEN/);
    expect(calls('curl')).toHaveLength(0);
  });

  it("runs: refuses a token curl's config line cannot carry (\" \\ line break, CR), before any call and without echoing it", async () => {
    for (const tok of ['tok"S3cret', 'tok\\S3cret', 'tok\nS3cret', 'tokS3cret\r']) {
      const res = await sh(renderCurl(sampleResult()), { DCOS_URL: 'https://127.0.0.1:9', DCOS_ACS_TOKEN: tok });
      expect(res.code, JSON.stringify(tok)).not.toBe(0);
      expect(res.stderr).toBe('DCOS_ACS_TOKEN holds a double quote, backslash or line break (not shown): set it to the token alone\n');
      expect(res.stdout).not.toContain('S3cret');
      expect(calls('curl')).toHaveLength(0);
    }
  });

  it('runs: refuses a DCOS_URL with a password or a query, before any call and without echoing it', async () => {
    for (const url of ['https://admin:url-S3cret@127.0.0.1:9', 'https://127.0.0.1:9/?token=url-S3cret', 'https://127.0.0.1:9#url-S3cret']) {
      const res = await sh(renderCurl(sampleResult()), { DCOS_URL: url, DCOS_ACS_TOKEN: TOKEN });
      expect(res.code, url).not.toBe(0);
      expect(res.stderr).toMatch(/^DCOS_URL (holds a user name or password|has a query or fragment) \(not shown\)/);
      expect(res.stderr + res.stdout).not.toContain('S3cret');
      expect(calls('curl')).toHaveLength(0);
    }
    // An @ in the path prefix is not user-info.
    expect((await sh(renderCurl(sampleResult()), { DCOS_URL: 'https://127.0.0.1:9/a@b', DCOS_ACS_TOKEN: TOKEN })).code).toBe(0);
    expect(calls('curl')).toHaveLength(6);
  });

  it('runs: hostile rids are sent verbatim (encoded) and execute nothing', async () => {
    const script = renderCurl(hostile());
    expect(script).toMatch(/# skipped svc \/x\\x0atouch PWNED3 GET/);
    expect(script).toMatch(/# skipped svc dcos:x:bad rid read .*whitespace/);
    const res = await sh(script, { DCOS_URL: 'http://127.0.0.1:9', DCOS_ACS_TOKEN: TOKEN });
    expect(res.code).toBe(0);
    const urls = calls('curl').map((a) => a.at(-1));
    expect(urls).toContain(`http://127.0.0.1:9/acs/api/v1/acls/${AR}$(touch\${IFS}PWNED1)%252Fa/users/svc/full`);
    expect(urls).toContain(`http://127.0.0.1:9/acs/api/v1/acls/${AR}\`touch\${IFS}PWNED2\`'"`);
    expect(urls).toHaveLength(4);
    for (const f of ['PWNED1', 'PWNED2', 'PWNED3', 'PWNED4']) expect(existsSync(join(stubs.dir, f))).toBe(false);
  });
});

describe('native accounts in scripts', () => {
  function natives(): ScanResult {
    const r = createFindingsAggregator({ uids: [], since: null, until: null });
    r.add(deny({ uid: 'dcos_mesos_master', rid: 'dcos:mesos:master:framework:role:slave_public', ridAction: 'create' }));
    r.add(deny({ uid: 'dcos_marathon', rid: 'dcos:mesos:master:task:user:nobody', ridAction: 'create' }));
    r.add(deny({ uid: 'dcos_marathon', rid: 'dcos:adminrouter:ops:mesos', ridAction: 'full' }));
    r.add(deny({ uid: 'svc', rid: `${AR}[a]{b}`, ridAction: 'full' }));
    return r.result({ bytes: 0, lines: 0, sources: 1, elapsedMs: 0, errors: [] });
  }

  it('never writes a live grant for a DC/OS native account; the task:user exception is written disabled', async () => {
    const out = renderDcos(natives());
    expect(out).toMatch(/^# skipped dcos_mesos_master dcos:mesos:master:framework:role:slave_public create .*native account/m);
    expect(out).toMatch(/^# skipped dcos_marathon dcos:adminrouter:ops:mesos full .*only its task:user/m);
    expect(out).toMatch(/^# dcos security org users grant dcos_marathon dcos:mesos:master:task:user:nobody create$/m);
    const res = await sh(out, {});
    expect(res.code).toBe(0);
    expect(calls('dcos').map((c) => c.slice(3).join(' '))).toEqual([`grant svc ${AR}[a]{b} full`]);
  });

  it('curl runs with --globoff, so [ ] { } in a rid reach the IAM as written', async () => {
    const script = renderCurl(natives());
    expect(script.match(/^a2g_curl /gm)).toHaveLength(2); // only svc's ACL + ACE
    const res = await sh(script, { DCOS_URL: 'https://127.0.0.1:9', DCOS_ACS_TOKEN: TOKEN });
    expect(res.code).toBe(0);
    const c = calls('curl');
    expect(c.every((args) => args.includes('--globoff'))).toBe(true);
    expect(c.map((args) => args.at(-1))).toEqual([
      `https://127.0.0.1:9/acs/api/v1/acls/${AR}[a]{b}`,
      `https://127.0.0.1:9/acs/api/v1/acls/${AR}[a]{b}/users/svc/full`,
    ]);
  });
});

describe('grants to a group (scan --gid)', () => {
  it('dcos: `dcos security org groups grant GID RID ACTION`, one per permission, with the accounts it answers for', async () => {
    const out = renderDcos(sampleResult(), { gid: 'ops' });
    expect(out).toMatch(/^# audit2grant: 3 grant\(s\) and 3 commented out \(they need a consent or a check\) to group ops/);
    expect(out).toMatch(/^dcos security org groups grant ops 'dcos:cluster:linker:\*' read$/m);
    expect(out).toMatch(/^# dcos security org groups grant ops dcos:mesos:master:task:user:root create$/m);
    expect(out).toMatch(/^# Commented out \(an inferred mapping: check the rid and action first\): .*\n# derived from CreateRunSpec \/dev\/app: .*\n# dcos security org groups grant ops dcos:service:marathon:marathon:services:\/dev\/app create$/m);
    expect(out).not.toMatch(/org users grant/);
    expect(out).toMatch(/^# for other\ndcos security org groups grant ops dcos:adminrouter:ops:mesos full$/m);
    const res = await sh(out, {});
    expect(res.code).toBe(0);
    const got = calls('dcos').map((c) => c.slice(1).join(' '));
    expect(got).toContain('org groups grant ops dcos:mesos:master:framework:role:slave_public/kafka create');
    expect(got).toHaveLength(3);
  });

  it('two accounts denied the same permission make one group grant', () => {
    const r = createFindingsAggregator({ uids: [], since: null, until: null });
    r.add(deny({ uid: 'svc-a', rid: 'dcos:adminrouter:ops:mesos', ridAction: 'full' }));
    r.add(deny({ uid: 'svc-b', rid: 'dcos:adminrouter:ops:mesos', ridAction: 'full' }));
    const out = renderDcos(r.result({ bytes: 0, lines: 0, sources: 1, elapsedMs: 0, errors: [] }), { gid: 'ops' });
    expect(out.match(/^dcos security org groups grant /gm)).toHaveLength(1);
    expect(out).toMatch(/^# for svc-a, svc-b$/m);
  });

  it("curl: the group's ACE path", async () => {
    const script = renderCurl(sampleResult(), { gid: 'ops' });
    const res = await sh(script, { DCOS_URL: 'https://127.0.0.1:9', DCOS_ACS_TOKEN: TOKEN });
    expect(res.code).toBe(0);
    const urls = calls('curl').map((a) => a.at(-1));
    expect(urls).toContain('https://127.0.0.1:9/acs/api/v1/acls/dcos:mesos:master:framework:role:slave_public%252Fkafka/groups/ops/create');
    expect(urls.some((u) => u?.includes('/users/'))).toBe(false);
  });
});

describe('curl and the cluster CA (DCOS_TLS_CA_PATH)', () => {
  it('says how to set it, and passes --cacert with it only when it is set', async () => {
    const script = renderCurl(sampleResult());
    expect(script).toMatch(/# A cluster with its own CA .*export DCOS_TLS_CA_PATH=/);
    expect(script).toMatch(/dcos_ca\.crt/);
    const ca = join(stubs.dir, 'ca dir.pem');
    writeFileSync(ca, 'not really a PEM');
    const withCa = await sh(script, { DCOS_URL: 'https://127.0.0.1:9', DCOS_ACS_TOKEN: TOKEN, DCOS_TLS_CA_PATH: ca });
    expect(withCa.code).toBe(0);
    const c = calls('curl');
    expect(c).toHaveLength(6);
    for (const args of c) expect(args.slice(args.indexOf('--cacert'), args.indexOf('--cacert') + 2)).toEqual(['--cacert', ca]);
    const without = await sh(script, { DCOS_URL: 'https://127.0.0.1:9', DCOS_ACS_TOKEN: TOKEN });
    expect(without.code).toBe(0);
    for (const args of calls('curl')) expect(args).not.toContain('--cacert');
  });

  it('stops before any call when the variable names no readable file', async () => {
    const res = await sh(renderCurl(sampleResult()), { DCOS_URL: 'https://127.0.0.1:9', DCOS_ACS_TOKEN: TOKEN, DCOS_TLS_CA_PATH: join(stubs.dir, 'missing.pem') });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/DCOS_TLS_CA_PATH=.*missing\.pem is not a readable file/);
    expect(calls('curl')).toHaveLength(0);
  });
});
