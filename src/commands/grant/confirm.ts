// The interactive confirmation for SENSITIVE permissions (only on a terminal).
import { createInterface } from 'node:readline/promises';

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
