// A binary journal is read by its own name whatever characters the name holds: journalctl's --file
// takes a glob (braces too), so `[ab].journal` read a.journal in its place and `z*.journal` read
// every z…journal beside it, a link out of the walked tree included. Real journalctl, real files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, renameSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { buildJournal, JOURNAL_REMOTE } from '../integration/sshd.js';
import { collect, tempDir } from './helpers.js';

const haveTools = existsSync(JOURNAL_REMOTE) && existsSync('/usr/bin/journalctl');

function oneDeny(uid: string): string {
  return (
    `__CURSOR=s=1;i=1\n__REALTIME_TIMESTAMP=1715677219000000\n__MONOTONIC_TIMESTAMP=1\n` +
    `_BOOT_ID=0123456789abcdef0123456789abcdef\n_HOSTNAME=m1\nSYSLOG_IDENTIFIER=nginx\n_SYSTEMD_UNIT=dcos-adminrouter.service\n` +
    `MESSAGE=2024/05/14 09:00:19 [notice] 1240#0: *20 [lua] auth.lua:186: auditlog(): type=audit timestamp=2024-05-14T09:00:19Z ` +
    `authorizer=adminrouter object=dcos:adminrouter:ops:mesos action=full result=deny reason="IAM PQ response" srcip=10.0.4.21 ` +
    `srcport=40312 request_uri=/mesos uid=${uid}, client: 10.0.4.21, server: master.mesos, request: "GET /mesos HTTP/1.1", host: "10.0.0.1"\n\n`
  );
}

// Each name and the uid its journal holds: the glob-shaped names beside the names they match.
const NAMES: Record<string, string> = {
  'a.journal': 'u-a',
  'b.journal': 'u-b',
  '[ab].journal': 'u-brackets',
  'z*.journal': 'u-star',
  'c.journal': 'u-c',
  '{c,d}.journal': 'u-brace',
  'q?.journal': 'u-question',
};

const uids = (text: string | undefined): string[] => [...(text ?? '').matchAll(/uid=(u-[a-z]+)/g)].map((m) => m[1]!);

describe.skipIf(!haveTools)('binary journal names holding glob characters', () => {
  const t = tempDir();
  const tree = join(t.dir, 'tree');
  beforeAll(() => {
    mkdirSync(tree);
    mkdirSync(join(t.dir, 'outside'));
    // built beside the tree (buildJournal leaves its export text next to the journal)
    for (const [name, uid] of Object.entries(NAMES)) renameSync(buildJournal(t.dir, oneDeny(uid), name), join(tree, name));
    renameSync(buildJournal(t.dir, oneDeny('u-outside'), 'o.journal'), join(t.dir, 'outside', 'o.journal'));
    // matched by `z*.journal` and `q?.journal` as globs; the walk skips it (it points outside)
    symlinkSync('../outside/o.journal', join(tree, 'zlink.journal'));
    symlinkSync('../outside/o.journal', join(tree, 'qx.journal'));
  });
  afterAll(() => t.cleanup());

  it('reads each journal of a walked tree once, by its own name, and nothing outside the tree', async () => {
    const got = await collect([tree]);
    const streams = got.filter((g) => g.kind === 'stream' && g.framing === 'export');
    const read = Object.fromEntries(streams.map((s) => [s.label.slice(tree.length + 1), uids(s.text)]));
    expect(read).toEqual(Object.fromEntries(Object.entries(NAMES).map(([name, uid]) => [name, [uid]])));
    expect(got.flatMap((g) => uids(g.text))).not.toContain('u-outside');
  });

  it('reads a journal named on the command line by that name, not by the names it matches', async () => {
    const got = await collect([join(tree, '[ab].journal'), join(tree, '{c,d}.journal')]);
    expect(got.map((g) => [g.kind, uids(g.text)])).toEqual([
      ['stream', ['u-brackets']],
      ['stream', ['u-brace']],
    ]);
  });
});
