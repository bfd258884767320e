// The loop's header keeps unverified audit-looking lines visible (issue 9 §1): a count, never a finding,
// after the denials and kept longer than them when the line is narrow.
import { describe, expect, it } from 'vitest';
import { Header, type HeaderProps } from '../../src/ui/components/Header.js';
import { mount } from './harness.js';

const props: HeaderProps = {
  width: 120, cluster: null, actingUid: null, uid: 'svc', dryRun: false, sources: [], deadSources: false, deadReason: null,
  retry: { attempt: 0, at: null }, now: 0, round: 1, sessionId: 's1', authFailures: 0, filter: '',
  counts: { accounts: 1, denials: 2, findings: 1, shown: 1, pending: 1, selected: 0, hiddenSelected: 0, granted: 0 },
};

describe('Header', () => {
  it('shows the unverified count next to the denials, only when there are some', () => {
    const a = mount(<Header {...props} unverified={3} />);
    expect(a.frame()).toContain('findings 1 · pending 1 · selected 0 · granted 0 · denials 2 · unverified 3 (not findings)');
    a.unmount();
    const b = mount(<Header {...props} unverified={0} />);
    expect(b.frame()).toContain('denials 2');
    expect(b.frame()).not.toContain('unverified');
    b.unmount();
  });

  it('keeps the unverified count when a narrow line drops the denials', () => {
    const a = mount(<Header {...props} width={80} unverified={3} />);
    expect(a.frame()).toContain('granted 0 · unverified 3 (not findings)');
    expect(a.frame()).not.toContain('denials');
    a.unmount();
  });
});
