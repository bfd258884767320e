// `scan --fail-on-findings` never passes (exit 0) on a run that gave no verdict on what was asked:
// a --uid never seen whose name is close to one that was (a typo) exits 1, as unjudged input does,
// and says why on stderr (docs/verdicts.md, "Exit codes"). A --uid merely not denied still passes.
import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { runScanCommand, type ScanIo } from '../../../src/commands/scan/handler.js';
import { EXIT } from '../../../src/errors.js';

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

/** fixtures/sample: cassandra-sa (14 denials), jenkins-sa and kafka-sa denied. */
async function scan(uid: string[], failOnFindings: boolean): Promise<{ code: number; stderr: string }> {
  const out = sink();
  const err = sink();
  const io = { stdout: out.stream, stderr: err.stream as unknown as NodeJS.WriteStream, env: {} } as ScanIo;
  const code = await runScanCommand({ sources: ['fixtures/sample'], uid, failOnFindings } as never, new AbortController().signal, io);
  return { code, stderr: err.text() };
}

describe('scan --fail-on-findings and a mistyped --uid', () => {
  it('a --uid never seen, close to a principal denied: no verdict, exit 1, said on stderr', async () => {
    const r = await scan(['cassandra-sb'], true);
    expect(r.code).toBe(EXIT.failed);
    expect(r.stderr).toContain('audit2grant: --fail-on-findings: no verdict on what was asked: --uid cassandra-sb was never seen, but cassandra-sa was (did you mean --uid cassandra-sa?); exit 1');
  });

  it('without the flag the warning is all: exit 0', async () => {
    const r = await scan(['cassandra-sb'], false);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toContain('did you mean --uid cassandra-sa?');
    expect(r.stderr).not.toContain('no verdict');
  });

  it('a --uid close to no name seen (an account not deployed yet) passes: nothing says it was mistyped', async () => {
    const r = await scan(['payments-svc'], true);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).not.toContain('no verdict');
  });

  it('findings of another --uid win: exit 3', async () => {
    expect((await scan(['cassandra-sa', 'cassandra-sb'], true)).code).toBe(EXIT.findings);
  });
});
