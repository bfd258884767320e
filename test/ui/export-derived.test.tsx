// `e` through the loop, with the real file exporter: an inferred mapping the user granted in this
// session is written as granted after review (still commented out: a script asks nobody), one only
// selected (read-only) as one to check.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App.js';
import { fileExporter } from '../../src/ui/adapters/exporter.js';
import { finding, UID } from '../core/session/helpers.js';
import { fakeGrants, fakeScan, mount } from './harness.js';

const RID = 'dcos:service:marathon:marathon:services:/kafka';
const DERIVED = finding(RID, 'read', { kind: 'derived', derived: { rawAction: 'ViewRunSpec', path: '/kafka' } });
const LINE = `# dcos security org users grant ${UID} ${RID} read`;

let dir = '';
const unmounts: Array<() => void> = [];
afterEach(() => {
  for (const u of unmounts.splice(0)) u();
  rmSync(dir, { recursive: true, force: true });
});

function setup(grants: ReturnType<typeof fakeGrants> | null) {
  return setupWithScan(grants).m;
}

function setupWithScan(grants: ReturnType<typeof fakeGrants> | null) {
  dir = mkdtempSync(join(tmpdir(), 'a2g-loop-export-'));
  const scan = fakeScan();
  const m = mount(
    <App uid={UID} startScan={scan.start} grants={grants?.port ?? null} exporter={fileExporter(dir, 'sess-1')} sessionId="sess-1" quietMs={60_000} allowDangerous={false} forceNative={false} onExit={() => undefined} flushMs={5} />,
    { cols: 200, rows: 30 },
  );
  unmounts.push(m.unmount);
  scan.set([DERIVED]);
  return { m, scan };
}

describe('the loop exports an inferred mapping as what happened to it', () => {
  it('granted in this session: "granted in this session", not "check the rid and action first"', async () => {
    const grants = fakeGrants();
    const m = setup(grants);
    await m.see('/kafka');
    await m.press(' ', 'g');
    await m.see(/grant 1 permission/);
    await m.press('y');
    await m.see('batch 1');
    expect(grants.held.has(`${RID} read`)).toBe(true);
    await m.press('e');
    await m.see('export 1 applied grant(s) of 1 account(s):');
    await m.press('s');
    await m.see('exported 1 grant(s) to');
    const text = readFileSync(join(dir, 'audit2grant-sess-1.sh'), 'utf8');
    expect(text).toContain(
      '# Commented out (an inferred mapping, granted in this session: check it applies before running this elsewhere): uncomment it only if you mean it.\n' +
        `# derived from ViewRunSpec /kafka: inferred mapping, granted in this session after review\n${LINE}\n`,
    );
    expect(text).not.toContain('check the rid and action first');
  });

  it('granted, then gone from the list (a rescan): still written from the finding it was granted as', async () => {
    const grants = fakeGrants();
    const { m, scan } = setupWithScan(grants);
    await m.see('/kafka');
    await m.press(' ', 'g');
    await m.see(/grant 1 permission/);
    await m.press('y');
    await m.see('batch 1');
    scan.set([]);
    await m.see('findings 0 · pending 0');
    await m.press('e');
    await m.see('export 1 applied grant(s) of 1 account(s):');
    await m.press('s');
    await m.see('exported 1 grant(s) to');
    const text = readFileSync(join(dir, 'audit2grant-sess-1.sh'), 'utf8');
    expect(text).toContain(`# derived from ViewRunSpec /kafka: inferred mapping, granted in this session after review\n${LINE}\n`);
    expect(text).not.toContain('not in the permission catalog');
  });

  it('selected, not granted (read-only): "check the rid and action first"', async () => {
    const m = setup(null);
    await m.see('/kafka');
    await m.press(' ', 'e');
    await m.see('export 1 selected finding(s), not granted, of 1 account(s):');
    await m.press('s');
    await m.see('exported 1 selected finding(s) to');
    const text = readFileSync(join(dir, 'audit2grant-sess-1-selected.sh'), 'utf8');
    expect(text).toContain(
      '# Commented out (an inferred mapping: check the rid and action first): uncomment it only if you mean it.\n' +
        `# derived from ViewRunSpec /kafka: inferred mapping, check it\n${LINE}\n`,
    );
    expect(text).not.toContain('granted in this session');
  });
});
