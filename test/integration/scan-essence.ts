// What must be equal in a scan whatever the transport: findings, auth failures, audit counts,
// errors. Examples are raw lines: `-o json` over SSH, the bare message from a file (or the file's
// export form), so only the message is compared.
import type { ScanResult } from '../../src/core/types.js';

/** The MESSAGE of a journal `-o json` line; any other line as it is. */
const message = (raw: string): string => (raw.startsWith('{') ? String((JSON.parse(raw) as { MESSAGE: string }).MESSAGE) : raw);

export const essence = (r: ScanResult) => ({
  findings: r.findings.map((f) => ({ ...f, example: message(f.example.trim()) })),
  authFailures: r.authFailures,
  audit: [r.stats.auditLines, r.stats.allowLines, r.stats.denyLines, r.stats.malformedLines],
  errors: r.errors,
});
