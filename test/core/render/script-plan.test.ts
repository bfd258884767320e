// The one rule for what a grant script writes live, and its words for an inferred mapping: one to
// check (a scan's findings, the loop's selection) or one granted in this session after review (the
// loop's export of its applied grants). Either way it stays commented out: a script asks nobody.
import { describe, expect, it } from 'vitest';
import { renderCurl, renderDcos } from '../../../src/core/render/index.js';
import { disabledWhy, inferredNote, live, partition } from '../../../src/core/render/script-plan.js';
import type { Finding, ScanResult } from '../../../src/core/types.js';
import { finding } from '../session/helpers.js';

const DERIVED = finding('dcos:service:marathon:marathon:services:/kafka', 'read', { uid: 'kafka-sa', kind: 'derived', derived: { rawAction: 'ViewRunSpec', path: '/kafka' } });
const PLAIN = finding('dcos:mesos:master:framework:role:r', 'create');
const SECRET = finding('dcos:secrets:default:/kafka/keystore', 'read', { uid: 'kafka-sa', risk: 'sensitive', kind: 'derived', derived: { rawAction: 'x', path: '/kafka' } });

const TO_CHECK = 'an inferred mapping: check the rid and action first';
const GRANTED = 'an inferred mapping, granted in this session: check it applies before running this elsewhere';

const result = (findings: Finding[]): ScanResult => ({
  findings, authFailures: [], errors: [], malformedExamples: [],
  stats: { sources: 0, bytes: 0, lines: 0, auditLines: 1, allowLines: 0, denyLines: 1, malformedLines: 0, elapsedMs: 0 },
});

describe('an inferred mapping: to check, or granted in this session', () => {
  it('unapplied (a scan, a selection): commented out, "check the rid and action first"', () => {
    const [d, p] = partition([DERIVED, PLAIN]).grant;
    expect(d && [live(d), d.granted, disabledWhy(d), inferredNote(d)]).toEqual([false, false, TO_CHECK, 'inferred mapping, check it']);
    expect(p && live(p)).toBe(true);
  });

  it('granted in this session: still commented out (a script asks nobody), but says it was granted after review', () => {
    const [d, p] = partition([DERIVED, PLAIN], { granted: true }).grant;
    expect(d && [live(d), d.granted, disabledWhy(d), inferredNote(d)]).toEqual([false, true, GRANTED, 'inferred mapping, granted in this session after review']);
    expect(p && live(p)).toBe(true);
  });

  it('one the policy refuses without consent keeps the policy reason; only its mapping line changes', () => {
    const [s] = partition([SECRET], { granted: true }).grant;
    const [unapplied] = partition([SECRET]).grant;
    expect(s && disabledWhy(s)).not.toContain('inferred');
    // The policy's reason (it needs consent to run unattended), and that the loop had that consent.
    expect(s && disabledWhy(s)).toBe(`${unapplied!.d.reason}; granted in this session with consent`);
    expect(unapplied && disabledWhy(unapplied)).toBe(unapplied!.d.reason);
    expect(s && inferredNote(s)).toBe('inferred mapping, granted in this session after review');
  });

  it('the dcos and curl scripts write the words of each case', () => {
    const line = '# dcos security org users grant kafka-sa dcos:service:marathon:marathon:services:/kafka read';
    expect(renderDcos(result([DERIVED]))).toContain(
      `# Commented out (${TO_CHECK}): uncomment it only if you mean it.\n# derived from ViewRunSpec /kafka: inferred mapping, check it\n${line}\n`,
    );
    const granted = renderDcos(result([DERIVED]), { granted: true });
    expect(granted).toContain(
      `# Commented out (${GRANTED}): uncomment it only if you mean it.\n# derived from ViewRunSpec /kafka: inferred mapping, granted in this session after review\n${line}\n`,
    );
    expect(granted).not.toContain('check the rid and action first');
    const curl = renderCurl(result([DERIVED]), { granted: true });
    expect(curl).toMatch(/^# Commented out \(an inferred mapping, granted in this session: .*\n# derived from ViewRunSpec \/kafka: inferred mapping, granted in this session after review\n# a2g_curl .*%252Fkafka \|/m);
    expect(curl).not.toMatch(/^a2g_curl .*%252Fkafka/m);
  });

  it('with a group too (the loop with --gid)', () => {
    const out = renderDcos(result([DERIVED]), { gid: 'ops', granted: true });
    expect(out).toContain(`# Commented out (${GRANTED}): uncomment it only if you mean it.\n# derived from ViewRunSpec /kafka: inferred mapping, granted in this session after review\n# dcos security org groups grant ops`);
  });
});
