// `e`: the applied grants as a reviewable `dcos` script or as scan JSON v1 (re-appliable with
// `audit2grant grant --from FILE`), written next to where the user runs the program.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { dcosCliLine, renderJson } from '../../core/plan/index.js';
import { keyOf } from '../../core/session/index.js';
import type { Finding } from '../../core/types.js';
import type { ExportPort } from '../ports.js';

export function fileExporter(dir: string, sessionId: string): ExportPort {
  return {
    async write(kind, pairs, findings) {
      const path = resolve(dir, `audit2grant-${sessionId}.${kind === 'json' ? 'json' : 'sh'}`);
      let text: string;
      if (kind === 'dcos') {
        text = ['#!/bin/sh', `# audit2grant session ${sessionId}: ${pairs.length} grant(s) applied. Review before running.`, 'set -e', ...pairs.map((p) => dcosCliLine(p, 'grant')), ''].join('\n');
      } else {
        const byKey = new Map(findings.map((f) => [keyOf(f), f]));
        const list: Finding[] = pairs.map(
          (p) =>
            byKey.get(keyOf(p)) ?? {
              ...p, kind: 'permission', count: 0, firstSeen: null, lastSeen: null, hosts: [], components: [], risk: 'unknown', catalog: null,
              explanation: '', warnings: [], derived: null, example: '',
            },
        );
        const stats = { sources: 0, bytes: 0, lines: 0, auditLines: 0, allowLines: 0, denyLines: 0, malformedLines: 0, elapsedMs: 0 };
        text = renderJson({ findings: list, authFailures: [], stats, errors: [], malformedExamples: [] });
      }
      await writeFile(path, text, { mode: kind === 'dcos' ? 0o755 : 0o644 });
      return path;
    },
  };
}
