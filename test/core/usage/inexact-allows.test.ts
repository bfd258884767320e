// An allow refused because a byte of its uid, object or action is not valid UTF-8 is a use no
// report can name: counted for the account (or when its uid cannot be read), it leaves the read not
// whole, so no revoke rests on the report; a denial refused so is no use (docs/usage.md).
import { describe, expect, it } from 'vitest';
import { buildUnusedReport, createUsageCollector } from '../../../src/core/usage/index.js';
import { renderUnusedDcos } from '../../../src/core/render/index.js';
import type { InexactDecision, Malformed } from '../../../src/core/types.js';

const DAY = 24 * 3600 * 1000;
const T0 = Date.UTC(2026, 9, 1);
const refused = (inexact: InexactDecision, raw: string): Malformed => ({ type: 'malformed', why: 'not exact', raw, source: 'm.log', inexact });

describe("the account's allows no report can name", () => {
  it('are counted (its own, and those whose uid is not exact), first kept; not another\'s, nor a denial', () => {
    const c = createUsageCollector('svc');
    c.add(refused({ result: 'allow', uid: 'other', time: T0 }, 'type=audit uid="other" object="dcos:\\xff"'));
    c.add(refused({ result: 'deny', uid: 'svc', time: T0 }, 'type=audit uid="svc" object="dcos:\\xff" result=deny'));
    c.add(refused({ result: 'allow', uid: 'svc', time: T0, line: 7 }, 'type=audit uid="svc" object="dcos:mesos:\\xff"'));
    c.add(refused({ result: 'allow', uid: null, time: null }, 'type=audit uid="sv\\xffc" object="dcos:mesos:master:log"'));
    expect(c.inexactAllows()).toEqual({ count: 2, source: 'm.log', line: 7, raw: 'type=audit uid="svc" object="dcos:mesos:\\xff"' });
    // Counted apart, not again as records naming the account that could not be read.
    expect(c.stats.unreadableOfUid).toBe(0);

    const rep = buildUnusedReport({
      uid: 'svc', cluster: null, held: [{ rid: 'dcos:mesos:master:log', action: 'read', gid: null }], uses: [],
      windows: [{ host: 'm1', first: T0 - 10 * DAY, last: T0, components: ['mesos-master'] }],
      componentSpans: { 'mesos-master': [{ first: T0 - 10 * DAY, last: T0 }] },
      stats: { sources: 1, bytes: 1, lines: 1, records: 1, allows: 0, unverifiedLines: 0, elapsedMs: 1 }, errors: [], inexactAllows: c.inexactAllows(),
    });
    expect(rep.incomplete).toEqual(['2 allow records of svc (or whose uid could not be read) could not be named exactly (a byte of their uid, object or action is not valid UTF-8): a use of a grant called unused here could be among them']);
    expect(rep.warnings.map((w) => w.kind)).toEqual(['inexact-allows']);
    expect(rep.warnings[0]!.message).toMatch(/^2 allow\(s\) of svc .*; e\.g\. m\.log, line 7: type=audit uid="svc"/);
    // The script comments the revoke out, as revoke --from would refuse it.
    expect(renderUnusedDcos(rep)).toMatch(/^# dcos security org users revoke svc dcos:mesos:master:log read$/m);
  });
});
