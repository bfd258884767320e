// Diagnostics bundles keep one folder per node, `<IP>_<role>/`, and one entry per unit log,
// `<unit>` or `<unit>.gz`. These rules apply to zip entries and to an unpacked bundle on disk.

const NODE_DIR = /^(.+)_(master|agent|agent_public|public_agent)$/;

export interface NodeLog {
  host: string;
  role: string;
  unit: string;
}

/** Host and unit when the file's parent folder is a node folder (`10.0.0.1_master/x.service[.gz]`). */
export function nodeLogFromPath(path: string): NodeLog | null {
  const parts = path.split(/[\\/]/).filter((p) => p !== '');
  const [dir, file] = parts.slice(-2);
  if (dir === undefined || file === undefined) return null;
  const m = NODE_DIR.exec(dir);
  if (!m) return null;
  const [, host = '', role = ''] = m;
  return { host, role, unit: file.replace(/\.gz$/i, '') };
}

/**
 * Which bundle entries are read. A unit log sits right inside a node folder (at any depth, so a
 * re-zipped bundle with an extra top folder still works) and is named after a systemd unit
 * (`*.service`) or is a `*.log` file, optionally `.gz`. Everything else is skipped: root reports
 * (`summaryReport.txt`, `summaryErrorsReport.txt`, `report.json`), directory entries, command
 * outputs (`*.output`), JSON endpoint dumps, configuration copies.
 */
export function bundleLogEntry(fileName: string): NodeLog | null {
  if (fileName.endsWith('/')) return null;
  const node = nodeLogFromPath(fileName);
  if (!node) return null;
  return /\.(service|log)$/i.test(node.unit) ? node : null;
}

/**
 * The file an entry name stands for once extracted, so that two log entries of one key are one
 * node's log twice: `\` and `/` alike, empty and `.` segments dropped (`./a//b` is `a/b`), case
 * and Unicode form folded (macOS and Windows extract `X` and `x`, or `é` in either form, to one
 * file), and `.gz` dropped (a unit's log is `X` in newer bundles, `X.gz` in older ones).
 */
export function nodeFileKey(path: string): string {
  const parts = path.split(/[\\/]/).filter((p) => p !== '' && p !== '.');
  const key = parts.join('/').replace(/\.gz$/i, '').normalize('NFC').toLowerCase();
  // The usual name is its own key: return the string the caller already holds, not a copy.
  return key === path ? path : key;
}
