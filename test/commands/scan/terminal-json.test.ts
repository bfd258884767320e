// `scan --format json|ndjson` to a terminal: characters a terminal acts on or reorders (C1 controls,
// bidi overrides, line separators) are written as \uXXXX escapes; to a file or pipe, JSON.stringify's
// bytes. Either way the values decode the same.
import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScanCommand, type ScanIo } from '../../../src/commands/scan/handler.js';
import { jsonForTerminal } from '../../../src/core/render/json.js';
import { ar } from '../../pipeline/lines.js';
import { scratch } from '../../helpers/tmp.js';

const { tmp } = scratch('a2g-scan-tty-');
const UNSAFE = /[\u0080-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const RID = 'dcos:adminrouter:ops:x\u009b2J\u202egnp.exe\u2028y';

function sink(isTTY: boolean) {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream: Object.assign(stream, { isTTY }), text: () => text };
}

async function scan(format: 'json' | 'ndjson', isTTY: boolean): Promise<string> {
  const file = join(tmp(), 'j.log');
  writeFileSync(file, `${ar({ uid: 'svc', rid: RID })}\n`);
  const out = sink(isTTY);
  const err = sink(false);
  const io = { stdout: out.stream, stderr: err.stream as unknown as NodeJS.WriteStream, env: {} } as ScanIo;
  await runScanCommand({ sources: [file], format } as never, new AbortController().signal, io);
  return out.text();
}

describe('scan json to a terminal', () => {
  it.each(['json', 'ndjson'] as const)('%s: escaped on a terminal, exact bytes elsewhere, the same values', async (format) => {
    const screen = await scan(format, true);
    const piped = await scan(format, false);
    expect(screen).not.toMatch(UNSAFE);
    expect(screen).toContain('x\\u009b2J\\u202egnp.exe\\u2028y');
    expect(piped).toMatch(UNSAFE);
    const values = (t: string) => t.trim().split('\n').filter((l) => format === 'json' || l.includes('"finding"')).join('\n');
    const parse = (t: string) => (format === 'json' ? JSON.parse(t).findings : JSON.parse(values(t)));
    expect(parse(screen)).toEqual(parse(piped));
    expect(JSON.stringify(parse(screen))).toContain(JSON.stringify(RID).slice(1, -1));
  });

  it('escapes only those characters, as JSON escapes', () => {
    const v = { a: 'plain ascii', b: 'caf\u00e9 \u2011 \u0085\u009d\u2066', c: ['\u200f'] };
    const t = jsonForTerminal(JSON.stringify(v));
    expect(t).toBe('{"a":"plain ascii","b":"café ‑ \\u0085\\u009d\\u2066","c":["\\u200f"]}');
    expect(JSON.parse(t)).toEqual(v);
  });
});
