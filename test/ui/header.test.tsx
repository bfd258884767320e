// The loop's header keeps unverified audit-looking lines visible (issue 9 §1): a count, never a finding.
import { describe, expect, it } from 'vitest';
import { Header, type HeaderProps } from '../../src/ui/components/Header.js';
import { mount } from './harness.js';

const props: HeaderProps = {
  cluster: null, actingUid: null, uid: 'svc', dryRun: false, sources: [], round: 1, sessionId: 's1', authFailures: 0,
  counts: { denials: 2, findings: 1, pending: 1, selected: 0, granted: 0 },
};

describe('Header', () => {
  it('shows the unverified count next to the denials, only when there are some', () => {
    const a = mount(<Header {...props} unverified={3} />);
    expect(a.frame()).toContain('denials 2 · unverified 3 (not findings) · findings 1 · pending 1');
    a.unmount();
    const b = mount(<Header {...props} unverified={0} />);
    expect(b.frame()).toContain('auth failures 0');
    expect(b.frame()).not.toContain('unverified');
    b.unmount();
  });
});
