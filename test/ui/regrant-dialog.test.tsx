// The loop's grant-back question names what the grant confirmation would (y is its consent).
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { RegrantDialog } from '../../src/ui/components/RevokeDialog.js';
import { dialogInner } from '../../src/ui/dialog-view.js';
import { regrantBody } from '../../src/ui/revoke-view.js';

describe('RegrantDialog', () => {
  it('marks SENSITIVE and uncatalogued pairs, not normal ones', () => {
    const batch = { id: 'b1', n: 1, at: Date.UTC(2026, 10, 1), results: [], regranted: [], undoneAt: null, regrants: [] };
    const pairs = [
      { uid: 'svc', rid: 'dcos:adminrouter:package', action: 'full' },
      { uid: 'svc', rid: 'dcos:mesos:master:log', action: 'read' },
      { uid: 'svc', rid: 'dcos:nothing:known', action: 'read' },
    ];
    const r = render(<RegrantDialog batch={batch} pairs={pairs} body={regrantBody(batch.results, pairs, dialogInner(120))} width={120} height={12} />);
    const lines = (r.lastFrame() ?? '').split('\n');
    expect(lines.find((l) => l.includes('dcos:adminrouter:package'))).toMatch(/full\s+SENSITIVE/);
    expect(lines.find((l) => l.includes('dcos:mesos:master:log'))).not.toMatch(/SENSITIVE|RISK/);
    expect(lines.find((l) => l.includes('dcos:nothing:known'))).toMatch(/UNKNOWN RISK/);
    r.unmount();
  });
});
