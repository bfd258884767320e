// Runs a generated script with `sh` against stub commands on PATH. Stubs record their arguments (one
// per line, invocations separated by a blank line); the curl stub records its standard input too
// (what each invocation read, in order: the script's own is empty). The curl stub answers $STATUS_ACL / $STATUS_ACE
// (the ACL's call is the one with -d) and writes $BODY_ACL / $BODY_ACE to the file of its -o.
import { afterAll, beforeAll } from 'vitest';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** Ends each curl invocation's recorded standard input. */
const STDIN_END = '<end of stdin>\n';

export interface ScriptRun { code: number; stdout: string; stderr: string }

export interface ScriptStubs {
  /** The stubs' directory (also the scripts' working directory). */
  readonly dir: string;
  /** The recorded invocations of `name` since the last call (the log is consumed). */
  calls(name: string): string[][];
  /** What each curl invocation of the last script run read on its standard input, in order. */
  curlStdin(): string[];
  sh(script: string, env: Record<string, string>): Promise<ScriptRun>;
}

/** Registers the hooks that make and remove the stubs' directory. */
export function scriptStubs(): ScriptStubs {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'a2g-plan-'));
    const stub = (name: string, body: string) => {
      writeFileSync(join(dir, name), `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a" >> "${dir}/${name}.log"; done; echo >> "${dir}/${name}.log"\n${body}\n`);
      chmodSync(join(dir, name), 0o755);
    };
    stub('curl', [
      `{ cat; printf '${STDIN_END}'; } >> "${dir}/curl.stdin"`,
      'case " $* " in *" -d "*) s=${STATUS_ACL:-201}; b=${BODY_ACL:-};; *) s=${STATUS_ACE:-204}; b=${BODY_ACE:-};; esac',
      'while [ "$#" -gt 0 ]; do if [ "$1" = -o ]; then printf %s "$b" > "$2"; fi; shift; done',
      'echo "$s"',
    ].join('\n'));
    stub('dcos', 'true');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    get dir() {
      return dir;
    },
    calls(name) {
      const file = join(dir, `${name}.log`);
      if (!existsSync(file)) return [];
      const text = readFileSync(file, 'utf8');
      rmSync(file);
      return text.split('\n\n').filter(Boolean).map((c) => c.split('\n').filter((x, i, a) => i < a.length - 1 || x !== ''));
    },
    curlStdin() {
      const file = join(dir, 'curl.stdin');
      if (!existsSync(file)) return [];
      return readFileSync(file, 'utf8').split(STDIN_END).slice(0, -1);
    },
    sh(script, env) {
      const file = join(dir, 'script.sh');
      writeFileSync(file, script);
      rmSync(join(dir, 'curl.stdin'), { force: true });
      // Its standard input is empty (not the runner's open pipe): a stub reading it never waits.
      return run('sh', ['-c', 'exec sh "$0" < /dev/null', file], { cwd: dir, env: { PATH: `${dir}:${process.env.PATH}`, ...env } }).then(
        (r) => ({ code: 0, ...r }),
        (e) => ({ code: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string }),
      );
    },
  };
}
