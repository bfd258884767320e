// One exit path: whatever opens an SSH session, a file, a server or a request registers its
// cleanup here, and the CLI runs them all once, on success, error or signal.

type Cleanup = () => void | Promise<void>;
const cleanups = new Set<Cleanup>();

export function onCleanup(fn: Cleanup): () => void {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

export async function runCleanups(): Promise<void> {
  const all = [...cleanups].reverse();
  cleanups.clear();
  await Promise.allSettled(all.map(async (fn) => fn()));
}
