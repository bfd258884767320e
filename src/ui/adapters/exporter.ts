// `e`: the applied grants, or (read-only, for an administrator to run) the selected findings, as a
// reviewable `dcos` script, a `curl` script (the IAM calls) or scan JSON v1 (re-appliable with
// `audit2grant grant --from FILE`), written next to where the user runs the program. The scripts
// are the scan's renderers: shell-quoted, risks noted, and commented out what the policy would not
// grant unattended and every inferred mapping (docs/policy.md); one this session granted says so, as
// a script asks nobody and may be run on another cluster, where the mapping is a guess again.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { renderCurl, renderDcos, renderJson } from '../../core/render/index.js';
import { keyOf } from '../../core/session/index.js';
import type { Finding, GrantPair, ScanResult } from '../../core/types.js';
import type { ExportKind, ExportPort, ExportWhat } from '../ports.js';

const SUFFIX: Record<ExportKind, string> = { dcos: '.sh', curl: '.curl.sh', json: '.json' };

function findingOf(p: GrantPair, byKey: ReadonlyMap<string, Finding>): Finding {
  return (
    byKey.get(keyOf(p)) ?? {
      ...p, kind: 'permission', count: 0, firstSeen: null, lastSeen: null, hosts: [], components: [], risk: 'unknown', catalog: null,
      explanation: '', warnings: [], derived: null, example: '',
    }
  );
}

export function fileExporter(dir: string, sessionId: string): ExportPort {
  return {
    async write(kind, pairs, findings, what: ExportWhat = 'applied') {
      const path = resolve(dir, `audit2grant-${sessionId}${what === 'selected' ? '-selected' : ''}${SUFFIX[kind]}`);
      const byKey = new Map(findings.map((f) => [keyOf(f), f]));
      const list = pairs.map((p) => findingOf(p, byKey));
      const denyLines = list.reduce((n, f) => n + f.count, 0);
      const result: ScanResult = {
        findings: list, authFailures: [], errors: [], malformedExamples: [],
        stats: { sources: 0, bytes: 0, lines: 0, auditLines: denyLines, allowLines: 0, denyLines, malformedLines: 0, elapsedMs: 0 },
      };
      const about =
        what === 'applied'
          ? `# audit2grant session ${sessionId}: ${pairs.length} grant(s) applied. Review before running.`
          : `# audit2grant session ${sessionId}: ${pairs.length} selected finding(s), not granted: for an administrator to review and run.`;
      // The loop's --gid sends every batch to one group: the scripts then grant to that group.
      const gid = pairs.find((p) => p.gid !== undefined)?.gid;
      const opts = { ...(gid === undefined ? {} : { gid }), granted: what === 'applied' };
      let text: string;
      if (kind === 'dcos') text = ['#!/bin/sh', about, 'set -e', renderDcos(result, opts)].join('\n');
      else if (kind === 'curl') text = renderCurl(result, opts).replace(/^#!\/bin\/sh\n/, `#!/bin/sh\n${about}\n`);
      else text = renderJson(result);
      await writeFile(path, text, { mode: kind === 'json' ? 0o644 : 0o755 });
      return path;
    },
  };
}
