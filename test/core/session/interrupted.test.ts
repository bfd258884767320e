// The summary and exit code of a loop quit while a batch ran: what was answered, unknown, not sent.
import { describe, expect, it } from 'vitest';
import { createSession, loopOutcome, renderSummary, summarize, interruptedReport } from '../../../src/core/session/index.js';
import { MAYBE_APPLIED_TEXT, NOT_SENT_STOPPED, type PairResult } from '../../../src/core/types.js';

const r = (rid: string, outcome: PairResult['outcome'], detail = '', fate?: PairResult['fate']): PairResult => ({ uid: 'svc', rid, action: 'create', outcome, detail, aclCreated: false, ...(fate ? { fate } : {}) });
const results = [r('dcos:a', 'granted'), r('dcos:b', 'failed', `no answer; ${MAYBE_APPLIED_TEXT}: …`, 'maybe applied'), r('dcos:c', 'failed', NOT_SENT_STOPPED, 'not sent')];

describe('a batch interrupted by quitting', () => {
  it('is told pair by pair in the summary and exits 1', () => {
    const s = createSession({ id: 'S', uid: 'svc', by: null, now: 0 });
    const text = renderSummary(summarize(s, 1, { kind: 'grant', results }));
    expect(text).toContain('quit during the grant batch: 1 pair(s) answered, 1 not sent (nothing was sent after the quit), 1 unknown');
    expect(text).toContain('  answered svc dcos:a create: granted');
    expect(text).toContain('  not sent svc dcos:c create (not granted)');
    expect(text).toContain('  unknown  svc dcos:b create (sent, no answer: the IAM may have applied it)');
    expect(text).toContain('audit2grant undo --session S takes them back');
    const out = loopOutcome(s, { failed: [], total: 1 }, interruptedReport({ kind: 'grant', results }));
    expect(out).toEqual({ code: 1, why: ['quit during the grant batch: 1 pair(s) answered, 1 unknown, 1 not sent'] });
  });

  it('changes nothing when no batch was stopped', () => {
    const s = createSession({ id: 'S', uid: 'svc', by: null, now: 0 });
    expect(renderSummary(summarize(s, 1))).not.toContain('quit during');
    expect(loopOutcome(s, { failed: [], total: 1 }).code).toBe(0);
  });
});
