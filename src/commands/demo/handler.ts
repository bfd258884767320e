// `audit2grant demo`: the whole loop with no cluster. Starts the demo world, logs in to the sandbox
// as its superuser through the real IAM client, and runs the interactive UI on the service's
// journal (followed as it grows). On quit: the summary, then everything is torn down.
import '../../ui/prod-env.js'; // first: React must see NODE_ENV before it loads
import { onCleanup } from '../../lifecycle.js';
import { fileExporter } from '../../ui/adapters/exporter.js';
import { usageScanFactory } from '../../ui/adapters/usage-scan.js';
import { grantPortFromClient } from '../../ui/adapters/grant-port.js';
import { preStarted } from '../../ui/adapters/scan-job.js';
import { workerScanJobFactory } from '../../ui/adapters/worker-scan-job.js';
import { connectDemoIam, demoEnding, startDemo } from '../../sandbox/demo/demo.js';

export interface DemoArgs {
  quietPeriod: number;
  retryMs?: number;
  stateFile?: string;
  /** SENSITIVE grants need no second key (the confirmation still lists them). */
  yes?: boolean;
}

export async function runDemo(a: DemoArgs, signal: AbortSignal): Promise<void> {
  const ui = import('../../ui/mount.js'); // loads while the sandbox starts
  const world = await startDemo({ retryMs: a.retryMs, stateFile: a.stateFile });
  const unregister = onCleanup(() => world.close());
  const scan = preStarted(
    workerScanJobFactory({ sources: [world.journalPath], filter: { uids: [world.uid], since: null, until: null }, year: null, follow: true, pollMs: 100 }),
  );
  try {
    const client = await connectDemoIam(world, signal);
    try {
      const { runInteractive } = await ui;
      const result = await runInteractive({
        uid: world.uid,
        startScan: scan.start,
        grants: grantPortFromClient(client, false),
        exporter: fileExporter(process.cwd(), client.sessionId),
        sessionId: client.sessionId,
        quietMs: a.quietPeriod * 1000,
        allowDangerous: false,
        // The held-not-used list (v) over the demo's own journal: its allow lines are the service's uses.
        usage: usageScanFactory({ sources: [world.journalPath], filter: { uids: [world.uid], since: null, until: null }, year: null }),
        assumeYes: !!a.yes,
        forceNative: false,
        signal,
        status: () => {
          const st = world.status();
          const lacking = st.done ? world.lacking().length : 0;
          return st.done
            ? lacking
              ? `demo service ${world.uid}: past its last stage, but ${lacking} right(s) it needs were taken back since`
              : `demo service ${world.uid}: running with every right it needs (${st.stages}/${st.stages} stages)`
            : `demo service ${world.uid}: stage ${st.stage + 1}/${st.stages}: trying to ${st.doing}; retries every ${Math.round((a.retryMs ?? 2000) / 100) / 10} s`;
        },
      });
      process.stdout.write(demoEnding(world.status(), result !== null, world.lacking()));
    } finally {
      client.close();
    }
  } finally {
    scan.stop();
    unregister();
    await world.close();
  }
}
