// The interactive confirmation for SENSITIVE permissions (only on a terminal).
import { createInterface } from 'node:readline/promises';
import { explain } from '../../core/catalog/index.js';
import { principalLabel, type BatchDecision } from '../../core/policy/index.js';
import { asciiText } from '../../core/text.js';
import type { Out } from '../iam-output.js';

export function canAsk(): boolean {
  return !!process.stdin.isTTY && !!process.stderr.isTTY;
}

export async function askYesNo(question: string, signal?: AbortSignal): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `, { signal });
    return /^y(es)?$/i.test(answer.trim());
  } catch {
    return false;
  } finally {
    rl.close();
  }
}

/**
 * Each pair the rails ask about (its risk, whose, what it allows), then one question for all of
 * them: `Grant these N permissions<to>?`, `to` naming where they go (` back`, ` to group G …`).
 */
export function confirmGrants(out: Out, asked: readonly BatchDecision[], to: string, signal?: AbortSignal): Promise<boolean> {
  for (const d of asked) {
    const label = d.risk === 'unknown' ? 'UNKNOWN RISK' : d.risk.toUpperCase();
    out.stderr(`${label}: ${asciiText(d.pair.rid)} ${asciiText(d.pair.action)} for ${principalLabel(d.pair)}\n  ${explain(d.pair.rid, d.pair.action).explanation}\n`);
  }
  const n = asked.length;
  return askYesNo(`Grant ${n === 1 ? 'this permission' : `these ${n} permissions`}${to}?`, signal);
}
