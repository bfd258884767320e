// Is the screen a key answers on the terminal yet? Keys are routed by the latest state (loop-keys.ts)
// and so reach a dialog as soon as the key that opened it was handled, before any frame shows it:
// `g y` typed ahead, pasted, or read together would grant a batch nobody saw. And a frame is late
// twice: React commits after the keys of a read are handled, and ink throttles computing a frame
// from the commit and, again, writing it (about 17 ms each at 60 fps). So a dialog takes keys only
// once a frame holding the commit that first showed it has been written.
//
// The App counts its commits (an insertion effect: it runs before ink computes that commit's
// frame); ink's `onRender` option tells each frame computed, and the stream it writes to each
// write. A write carries the latest frame computed (ink hands each new frame to its write throttle,
// which keeps only the last one), so after a write every commit computed so far is on the terminal.

export interface FrameWatch {
  /** The App committed; `screen` is the screen it shows (UiState.screen). */
  committed(screen: number): void;
  /** ink computed a frame (its `onRender` option). */
  rendered(): void;
  /** ink wrote to the terminal. */
  wrote(): void;
  /** Is screen `screen` on the terminal? */
  drawn(screen: number): boolean;
}

/**
 * `atCommit`: ink writes each frame as it commits (its debug mode, the tests' terminals), so a
 * commit is a frame written; without it, `rendered` and `wrote` must be wired to ink (mount.tsx).
 */
export function frameWatch(o: { atCommit?: boolean } = {}): FrameWatch {
  let commits = 0;
  let computed = 0;
  let written = 0;
  let screen = -1;
  let screenAt = 0;
  return {
    committed(s) {
      commits++;
      if (s !== screen) {
        screen = s;
        screenAt = commits;
      }
      if (o.atCommit) computed = written = commits;
    },
    rendered: () => void (computed = commits),
    wrote: () => void (written = computed),
    drawn: (s) => s === screen && written >= screenAt,
  };
}
