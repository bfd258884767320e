// A ProxyCommand for tests, like `nc HOST PORT`: relays stdin/stdout to a TCP connection.
// `relay.mjs HOST PORT [PIDFILE [sticky]]` writes its pid (and argv) to PIDFILE first; a failed
// connection says so on stderr and exits 3. `sticky`: outlives the end of its stdin and of the
// connection (like a proxy that never notices), so only a signal ends it.
import { writeFileSync } from 'node:fs';
import net from 'node:net';

const [host, port, pidFile, mode] = process.argv.slice(2);
const sticky = mode === 'sticky';
if (sticky) setInterval(() => undefined, 1 << 30);
if (pidFile) writeFileSync(pidFile, `${process.pid} ${host} ${port}\n`);
const sock = net.connect(Number(port), host);
sock.on('error', (e) => {
  process.stderr.write(`relay: some warning first\nrelay: cannot connect to ${host}:${port}: ${e.code}\n`);
  process.exit(3);
});
sock.on('connect', () => {
  process.stdin.pipe(sock);
  sock.pipe(process.stdout);
});
sock.on('close', () => sticky || process.exit(0));
process.stdin.on('end', () => sticky || sock.end());
