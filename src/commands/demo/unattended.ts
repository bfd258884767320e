// `audit2grant demo` without a terminal (or with --auto): the unattended run of the sandbox demo
// (sandbox/demo/headless.ts) and the command's ending: exit 0 only when the service reached its last
// stage, otherwise one error line with what to do. Kept apart from handler.ts, which loads ink.
import { OperationalError } from '../../errors.js';
import { pairText, plural, runHeadlessDemo, type HeadlessDemoArgs } from '../../sandbox/demo/headless.js';

export async function runDemoUnattended(a: HeadlessDemoArgs, signal: AbortSignal): Promise<void> {
  const r = await runHeadlessDemo(a, signal);
  const secs = Math.round(r.elapsedMs / 100) / 10;
  const at = `stage ${r.status.stage + 1}/${r.status.stages} (${r.status.doing})`;
  switch (r.end) {
    case 'done':
      (a.err ?? ((s: string) => void process.stderr.write(s)))(`demo: done in ${secs} s, ${plural(r.batches, 'round')} granted\n`);
      return;
    case 'blocked': {
      const what = r.blockedOn.map((x) => `${pairText(x.finding)} (${x.finding.risk})`).join(', ');
      // --yes helps when it is the one consent some blocked pair lacks (the policy says which).
      const needsYes = r.blockedOn.some((x) => x.needs.length === 1 && x.needs[0] === 'yes');
      throw new OperationalError(
        `the demo service stays blocked at ${at}: it needs ${what}, which is not granted unattended`,
        needsYes ? 'run `audit2grant demo --auto --yes` to grant SENSITIVE and uncatalogued findings too, or `audit2grant demo` in a terminal to decide yourself' : 'run `audit2grant demo` in a terminal to decide yourself',
      );
    }
    case 'timeout':
      throw new OperationalError(`the demo service did not reach its last stage within ${secs} s: it stopped at ${at}`, 'see the rounds above; a loaded machine may need a second try');
    case 'interrupted':
      throw new OperationalError(`interrupted at ${at}: the summary above is partial`);
  }
}
