// Issue 16's review, end to end against the sandbox IAM over real HTTPS (needs `npm run build`):
// undo grants back only what `revoke --from` revoked as unused, only what the ledger shows revoked,
// and only with the consent `grant` would need; `revoke --from` acts only on the report's cluster.
import { describe, expect, it } from 'vitest';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, sandboxSuite, writeFile } from '../iam/helpers.js';

const PACKAGE = 'dcos:adminrouter:package'; // SENSITIVE
const LOG = 'dcos:mesos:master:log'; // normal risk

const sb = sandboxSuite('a2g-unused-undo-', (iam) => {
  iam.addUser('svc', 'svc-pw');
});

const flags = () => sb.flags();
const held = () => sb.aces('svc');
const ledger = () => join(sb.dir, 'state', 'audit2grant', 'ledger.jsonl');
/** An `unused --format json` report as `unused` writes it (only what `revoke --from` reads). */
const DAY = 24 * 3600 * 1000;
/** Ten days of records up to an hour ago: the window judged runs to when the revoke is made. */
const TEN_DAYS = [{ first: new Date(Date.now() - 10 * DAY).toISOString(), last: new Date(Date.now() - DAY / 24).toISOString() }];
const report = (cluster: string | null, grants: Array<[string, string, string?]>) =>
  JSON.stringify({
    version: 1, kind: 'unused', uid: 'svc', cluster, grants: grants.map(([rid, action, status]) => ({ rid, action, held: 'direct', status: status ?? 'unused', uses: 0 })), warnings: [],
    // Ten days of records without a gap, of every component too, and a whole read: revoke --from
    // takes it (a short or gapped one, a partial one: unused-coverage.test.ts, unused.test.ts).
    coverage: { since: null, until: null, spans: TEN_DAYS, components: { adminrouter: { spans: TEN_DAYS }, 'mesos-master': { spans: TEN_DAYS } } },
    incomplete: [],
    nodes: { masters: 0, agents: 0 }, // as the sandbox lists them
  });

describe('undo of revokes, against the sandbox IAM', () => {
  it('a plain revoke is never granted back, and takes back the grant before it: undo --session of that grant sends nothing, whoever granted it since', async () => {
    const g = await run(['grant', '--uid', 'svc', PACKAGE, 'full', '--yes', ...flags()], sb.env);
    expect(g.code).toBe(0);
    const grantSession = /session (\S+) \(undo with/.exec(g.stderr)?.[1];
    const r = await run(['revoke', '--uid', 'svc', PACKAGE, 'full', ...flags()], sb.env);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/undo grants it back/);
    expect(held()).toEqual([]);
    const bare = await run(['undo', ...flags()], sb.env);
    expect(bare.code).toBe(1);
    expect(bare.stderr).toContain('no earlier session has changes left to undo');
    expect(bare.stderr).not.toContain(`undo --session ${grantSession}`);
    // Granted again since, from another ledger (an administrator's): review r-ledger, finding 1.
    expect((await run(['grant', '--uid', 'svc', PACKAGE, 'full', '--yes', ...flags()], { ...sb.env, XDG_STATE_HOME: join(sb.dir, 'admin') })).code).toBe(0);
    const un = await run(['undo', '--session', grantSession ?? '', ...flags()], sb.env);
    expect(un.code).toBe(0);
    expect(un.stderr).toContain(`undo of session ${grantSession}:`);
    expect(un.stdout).toMatch(/^already undone\s+svc dcos:adminrouter:package full  \(revoked by the revoke in session \S+ at \S+ \(revoked\): nothing sent\)/m);
    expect(held()).toEqual([`${PACKAGE} full`]);
  });

  it('revoke --from: a SENSITIVE grant-back needs --yes without a terminal; the report must be of this cluster', async () => {
    const setup = await run(['grant', '--uid', 'svc', PACKAGE, 'full', LOG, 'read', '--yes', ...flags()], sb.env);
    expect(setup.code).toBe(0);
    const before = held();
    // Another cluster's report (or one naming none): refused after connecting, nothing revoked.
    for (const cluster of ['https://other.example.com', null]) {
      // The dry run says what the real run would do against the cluster it would connect to: refuse.
      const dryWrong = await run(['revoke', '--from', writeFile(sb.dir, 'other.json', report(cluster, [[PACKAGE, 'full'], [LOG, 'read']])), '--dry-run', ...flags()], sb.env);
      expect(dryWrong.code).toBe(2);
      expect(dryWrong.stderr).toMatch(/dry run: a real run would refuse: .*other\.json is about .*, not https:\/\/127\.0\.0\.1:\d+: nothing would be revoked/);
      expect(dryWrong.stdout).not.toMatch(/DELETE/);
      const wrong = await run(['revoke', '--from', writeFile(sb.dir, 'other.json', report(cluster, [[PACKAGE, 'full'], [LOG, 'read']])), '--yes', ...flags()], sb.env);
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toMatch(cluster ? /other\.json is about cluster https:\/\/other\.example\.com, not https:\/\/127\.0\.0\.1:\d+: nothing was revoked/ : /is about no cluster/);
      expect(held()).toEqual(before);
    }
    const file = writeFile(sb.dir, 'unused.json', report(sb.iam.httpsUrl, [[PACKAGE, 'full'], [LOG, 'read'], [LOG, 'full', 'unknown']]));
    // With no terminal and no --yes, the dry run refuses as the real run does (exit 2, nothing shown).
    const dryNoYes = await run(['revoke', '--from', file, '--dry-run', ...flags()], sb.env);
    expect(dryNoYes.code).toBe(2);
    expect(dryNoYes.stderr).toContain(`audit2grant: dry run: a real run here would refuse: revoke --from takes 2 unused grants of account svc away: unattended, it needs --yes: nothing would be revoked\n`);
    expect(dryNoYes.stdout).toBe('');
    const noYes = await run(['revoke', '--from', file, ...flags()], sb.env);
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toContain('revoke --from takes 2 unused grants of account svc away: unattended, it needs --yes: nothing was revoked');
    // A report of this cluster, dry run: the cluster named is the one its requests go to.
    const dryRight = await run(['revoke', '--from', file, '--dry-run', '--yes', ...flags()], sb.env);
    expect(dryRight.code).toBe(0);
    expect(dryRight.stderr).toContain(`revoking 2 unused grants of account svc on ${sb.iam.httpsUrl} (from ${file})`);
    expect(dryRight.stdout.match(/^DELETE \S+/gm)?.every((l) => l.startsWith(`DELETE ${sb.iam.httpsUrl}/`))).toBe(true);
    const r = await run(['revoke', '--from', file, '--yes', ...flags()], sb.env);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`revoking 2 unused grants of account svc on ${sb.iam.httpsUrl} (from ${file})`);
    const session = /session (\S+) \(undo grants it back/.exec(r.stderr)?.[1];
    expect(held()).toEqual([]);
    // undo's dry run against another cluster than the session's: it says the real run would refuse.
    const dryElsewhere = await run(['undo', '--dry-run', '--session', session ?? '', '--cluster-url', 'https://other.example.com'], sb.env);
    expect(dryElsewhere.code).toBe(1);
    expect(dryElsewhere.stderr).toMatch(new RegExp(`dry run: a real run would refuse: session ${session} granted on https://127\\.0\\.0\\.1:\\d+, not on https://other\\.example\\.com`));
    expect(dryElsewhere.stdout).not.toMatch(/^PUT /m);
    // A bare undo there looks at that cluster's sessions only: none, and it says where this one is.
    const bareElsewhere = await run(['undo', '--dry-run', '--cluster-url', 'https://other.example.com'], sb.env);
    expect(bareElsewhere.code).toBe(1);
    expect(bareElsewhere.stderr).toMatch(new RegExp(`no session with grants left to undo on https://other\\.example\\.com\n  hint: session ${session} has changes left on https://127\\.0\\.0\\.1:\\d+: connect there`));
    const dryHere = await run(['undo', '--dry-run', '--yes', ...flags()], sb.env);
    expect(dryHere.code).toBe(0);
    expect(dryHere.stdout).toMatch(new RegExp(`^PUT ${sb.iam.httpsUrl.replace(/[.]/g, '\\.')}/`, 'm'));
    // No terminal, no --yes: the SENSITIVE one stops the grant-back (whole), exit 1, nothing granted.
    const no = await run(['undo', ...flags()], sb.env);
    expect(no.stderr).toContain(`undo of session ${session}:`);
    expect(no.code).toBe(1);
    expect(no.stdout).toMatch(/^refused\s+svc dcos:adminrouter:package full  \(SENSITIVE: granted unattended only with --yes\)/m);
    expect(held()).toEqual([]);
    // The dry run there refuses as the real run does: the same results and exit code.
    const dry = await run(['undo', '--dry-run', ...flags()], sb.env);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toBe(no.stdout);
    expect(dry.stderr).toContain('dry run: a real run here would refuse the grant-back: nothing would be granted back');
    const yes = await run(['undo', '--yes', ...flags()], sb.env);
    expect(yes.code).toBe(0);
    expect(held()).toEqual(before);
  });

  it('revoke --from --allow-dangerous of a DANGEROUS grant says undo will not grant it back (and promises nothing for it)', async () => {
    const ROOT = 'dcos:mesos:master:task:user:root'; // DANGEROUS
    expect((await run(['grant', '--uid', 'svc', ROOT, 'create', '--yes', '--allow-dangerous', ...flags()], sb.env)).code).toBe(0);
    const only = await run(['revoke', '--from', writeFile(sb.dir, 'root.json', report(sb.iam.httpsUrl, [[ROOT, 'create']])), '--yes', '--allow-dangerous', ...flags()], sb.env);
    expect(only.code).toBe(0);
    expect(only.stdout).toMatch(/^revoked\s+svc dcos:mesos:master:task:user:root create/m);
    expect(only.stderr).not.toMatch(/undo grants it back/);
    expect(only.stderr).toContain(`note: undo never grants back what is DANGEROUS (${ROOT} create): if the account needs it again, grant it by hand (audit2grant grant … --allow-dangerous)\n`);
  });

  it('a forged or maybe-applied revoke in the ledger never becomes a grant', async () => {
    const setup = await run(['grant', '--uid', 'svc', LOG, 'read', '--yes', ...flags()], sb.env);
    expect(setup.code).toBe(0);
    const file = writeFile(sb.dir, 'unused.json', report(sb.iam.httpsUrl, [[LOG, 'read']]));
    const r = await run(['revoke', '--from', file, '--yes', ...flags()], sb.env);
    const session = /session (\S+) \(undo grants it back/.exec(r.stderr)?.[1] as string;
    expect(readFileSync(ledger(), 'utf8')).toMatch(/"op":"revoke".*"regrantable":true/);
    // Someone appends an intent of that session, never answered, for a permission svc never held.
    const line = { kind: 'intent', id: 'f0f0f0f0', time: new Date().toISOString(), cluster: sb.iam.httpsUrl, session, uid: 'svc', rid: 'dcos:adminrouter:ops:mesos', action: 'full', op: 'revoke', regrantable: true };
    appendFileSync(ledger(), JSON.stringify(line) + '\n');
    const un = await run(['undo', '--session', session, '--yes', ...flags()], sb.env);
    expect(un.stdout).toMatch(/^granted\s+svc dcos:mesos:master:log read/m);
    expect(un.stdout).toMatch(/^refused\s+svc dcos:adminrouter:ops:mesos full .*not granted back: the ledger does not show that session .* revoked it \(outcome unknown\)/m);
    expect(held()).toContain(`${LOG} read`);
    expect(held()).not.toContain('dcos:adminrouter:ops:mesos full');
  });

  it('revoke --from with a token: the account the token is of is dangerous to touch (who we act as is known after connecting)', async () => {
    const me = sb.iam.superuser.uid;
    const setup = await run(['grant', '--uid', me, LOG, 'read', '--yes', ...flags()], sb.env);
    expect(setup.code).toBe(0);
    const doc = JSON.parse(report(sb.iam.httpsUrl, [[LOG, 'read']]));
    const file = writeFile(sb.dir, 'me.json', JSON.stringify({ ...doc, uid: me }));
    const r = await run(['revoke', '--from', file, '--yes', ...flags()], sb.env);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/note: skipped .*dcos:mesos:master:log read\): dangerous to touch/);
    expect(r.stderr).toMatch(/nothing to revoke/);
    expect(sb.iam.aces().some((a) => a.uid === me && a.rid === LOG)).toBe(true);
  });
});
