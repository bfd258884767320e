// npm runs `prepare` after `npm install` / `npm ci` in a clone (and before `npm pack`): build dist/.
// A production install (`npm ci --omit=dev`) has no TypeScript: say how to build instead of failing
// the install. An install from the packed tarball never runs this (dist/ is in the tarball).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
try {
  require.resolve('typescript/package.json');
} catch {
  process.stderr.write(
    'audit2grant: dist/ was not built: TypeScript, a dev dependency, is not installed (npm ci --omit=dev).\n' +
      '  build it with the dev dependencies:  npm ci && npm run build\n' +
      '  or install the package as users do:  npm pack && npm install -g ./audit2grant-*.tgz\n',
  );
  process.exit(0);
}
// The project's own build script, whatever it is, with the npm that runs this.
const npm = process.env.npm_execpath;
const r = npm ? spawnSync(process.execPath, [npm, 'run', 'build'], { stdio: 'inherit' }) : spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
