import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createFindingsAggregator } from '../../../src/core/findings/index.js';
import { hclString, renderTerraform, terraformName } from '../../../src/core/render/index.js';
import type { ScanResult } from '../../../src/core/types.js';
import { deny } from '../findings/helpers.js';
import { sampleResult } from '../plan/fixture.js';

/** Terraform's identifier syntax: a letter or `_` first, then letters, digits, `_` or `-`. */
const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function resources(tf: string): Array<{ name: string; body: string; live: boolean }> {
  const out: Array<{ name: string; body: string; live: boolean }> = [];
  const re = /^(# )?resource "dcos_security_org_user_grant" "([^"]+)" \{\n((?:\1 .*\n)+)\1\}$/gm;
  for (const [, comment, name = '', body = ''] of tf.matchAll(re)) out.push({ name, body, live: comment === undefined });
  return out;
}

const hasTerraform = spawnSync('terraform', ['version'], { stdio: 'ignore' }).status === 0;

describe('renderTerraform', () => {
  it('matches the golden file', async () => {
    await expect(renderTerraform(sampleResult())).toMatchFileSnapshot('./golden/sample.tf');
  });

  it('one resource per grantable finding: uid, resource (written plain), action; risky and inferred ones commented out', () => {
    const tf = renderTerraform(sampleResult());
    const rs = resources(tf);
    // 6 grantable findings (the non-rid one is a comment only).
    expect(rs).toHaveLength(6);
    const byRid = (rid: string) => rs.find((r) => r.body.includes(`resource = "${rid}"`));
    // The provider encodes "/" itself: the rid is not pre-encoded.
    expect(byRid('dcos:mesos:master:framework:role:slave_public/kafka')).toMatchObject({ live: true });
    expect(tf).not.toContain('%252F');
    expect(byRid('dcos:mesos:master:task:user:root')?.live).toBe(false);
    expect(byRid('dcos:adminrouter:package')?.live).toBe(false);
    // Derived (inferred) mapping: normal risk, but not live in a file that is applied again and again.
    expect(byRid('dcos:service:marathon:marathon:services:/dev/app')?.live).toBe(false);
    expect(tf).toMatch(/# Commented out \(an inferred mapping: check the rid and action first\)/);
    expect(tf).toMatch(/# skipped svc-app \/slave\(1\)\/state GET/);
    expect(tf).toMatch(/^# audit2grant: 3 grant\(s\) and 3 commented out \(they need a consent or a check\)/);
    for (const r of rs) expect(r.body).toMatch(/^(# )? {2}uid {6}= "[^"]+"\n(# )? {2}resource = "[^"]+"\n(# )? {2}action {3}= "(full|create|read|update|delete)"\n$/);
  });

  it('names are valid identifiers, unique, and depend on the grant alone', () => {
    const tf = renderTerraform(sampleResult());
    const names = resources(tf).map((r) => r.name);
    for (const n of names) expect(n).toMatch(IDENT);
    expect(new Set(names).size).toBe(names.length);
    // The same grant in another scan (other findings around it) keeps its name.
    const r = createFindingsAggregator({ uids: [], since: null, until: null });
    r.add(deny({ uid: 'svc-app', rid: 'dcos:cluster:linker:*', ridAction: 'read' }));
    const alone = resources(renderTerraform(r.result({ bytes: 0, lines: 0, sources: 1, elapsedMs: 0, errors: [] })));
    expect(names).toContain(alone[0]?.name);
    // Rids that slug alike still get different names; a uid starting with a digit still gives an identifier.
    expect(terraformName('svc', 'dcos:a/b', 'read')).not.toBe(terraformName('svc', 'dcos:a:b', 'read'));
    expect(terraformName('svc', 'dcos:a', 'read')).not.toBe(terraformName('SVC', 'dcos:a', 'read'));
    expect(terraformName('1svc', 'dcos:x', 'full')).toMatch(IDENT);
    expect(terraformName('@.', 'dcos:*', 'full')).toMatch(IDENT);
    expect(terraformName('svc', `dcos:adminrouter:service:${'x'.repeat(500)}`, 'full').length).toBeLessThan(110);
  });

  it('strings cannot break out: quotes, backslashes and template sequences stay text', () => {
    expect(hclString('a"b')).toBe('"a\\"b"');
    expect(hclString('a\\b')).toBe('"a\\\\b"');
    expect(hclString('${x}')).toBe('"$${x}"');
    expect(hclString('%{if}')).toBe('"%%{if}"');
    const r = createFindingsAggregator({ uids: [], since: null, until: null });
    r.add(deny({ uid: 'svc', rid: 'dcos:adminrouter:service:${file("/etc/passwd")}"', ridAction: 'full' }));
    const tf = renderTerraform(r.result({ bytes: 0, lines: 0, sources: 1, elapsedMs: 0, errors: [] }));
    expect(tf).toContain('resource = "dcos:adminrouter:service:$${file(\\"/etc/passwd\\")}\\""');
    // A rid with a backslash is refused (URL parsers read it as `/`): no resource at all.
    const b = createFindingsAggregator({ uids: [], since: null, until: null });
    b.add(deny({ uid: 'svc', rid: 'dcos:adminrouter:service:x\\', ridAction: 'full' }));
    expect(renderTerraform(b.result({ bytes: 0, lines: 0, sources: 1, elapsedMs: 0, errors: [] }))).not.toContain('resource =');
  });

  it.skipIf(!hasTerraform)('terraform fmt accepts it as canonical HCL (when terraform is installed)', () => {
    const r = createFindingsAggregator({ uids: [], since: null, until: null });
    r.add(deny({ uid: 'svc', rid: 'dcos:adminrouter:service:${x}"', ridAction: 'full' }));
    const tf = renderTerraform(sampleResult()) + renderTerraform(r.result({ bytes: 0, lines: 0, sources: 1, elapsedMs: 0, errors: [] }));
    // `-` reads stdin; -check exits non-zero on a parse error or a non-canonical layout.
    expect(() => execFileSync('terraform', ['fmt', '-check', '-no-color', '-'], { input: tf, env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' }, stdio: ['pipe', 'pipe', 'pipe'] })).not.toThrow();
  });
});

export type { ScanResult };
