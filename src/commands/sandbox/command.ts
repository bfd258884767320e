import type { CommandFactory } from '../context.js';
import { UsageError } from '../../errors.js';
import { examplesHelp } from '../options/examples.js';

function port(name: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 65535) throw new UsageError(`--${name} must be a port number (0-65535; 0 = any free port)`);
  return v;
}

function list(v: unknown): string[] {
  return v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String);
}

// `audit2grant sandbox`: the IAM emulator in the foreground (implementation loaded lazily).
const factory: CommandFactory = (ctx) => ({
  command: 'sandbox',
  describe: 'run the simulated cluster (a local DC/OS IAM emulator and the logging API of its nodes, HTTP and HTTPS) in the foreground for other tools',
  builder: (y) =>
    y
      .option('port', { type: 'number', describe: 'HTTP port on 127.0.0.1 (and the other simulated masters, 127.0.0.2-3; default: any free port)' })
      .option('https-port', { type: 'number', describe: 'HTTPS port on 127.0.0.1 (and 127.0.0.2-3; default: any free port)' })
      .option('token-ttl', { type: 'number', describe: 'lifetime of issued auth tokens in seconds (default 5 days)' })
      .option('service-account', { type: 'string', array: true, describe: 'create a service account UID (repeatable; pairs with --public-key in order)' })
      .option('public-key', { type: 'string', array: true, describe: 'PEM public key FILE of the matching --service-account' })
      .option('state', { type: 'string', describe: 'JSON FILE to load ACLs and service accounts from at start and save to at exit' })
      .epilogue(
        examplesHelp([
          ['start on free ports and print how to use it', 'audit2grant sandbox'],
          ['fixed ports and a service account', 'audit2grant sandbox --port 8080 --https-port 8443 --service-account svc --public-key svc.pem'],
        ]),
      ),
  handler: async (argv) => {
    const uids = list(argv['service-account']);
    const keys = list(argv['public-key']);
    if (uids.length !== keys.length) {
      throw new UsageError('each --service-account needs its own --public-key (in the same order)', 'e.g. --service-account my-svc --public-key my-svc.pub.pem');
    }
    const ttl = argv['token-ttl'] as unknown;
    if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl <= 0)) {
      throw new UsageError('--token-ttl must be a positive number of seconds');
    }
    const { runSandbox } = await import('./handler.js');
    await runSandbox(
      {
        port: port('port', argv.port),
        httpsPort: port('https-port', argv['https-port']),
        tokenTtlSeconds: ttl as number | undefined,
        // Same length, checked above.
        serviceAccounts: uids.map((uid, i) => ({ uid, publicKeyFile: keys[i]! })),
        stateFile: argv.state as string | undefined,
        out: (t) => process.stdout.write(t),
        err: (t) => process.stderr.write(t),
      },
      ctx.signal,
    );
  },
});
export default factory;
