// The terminal the loop draws on: its size (re-rendered on resize), and the stream handed to ink.
//
// ink redraws a frame in place (erasing its own lines) as long as the previous frame was shorter
// than the terminal; otherwise it writes ESC[2J ESC[3J: the whole screen and the user's scrollback
// are cleared, on every update. The App keeps its frame one line shorter than the terminal, but
// after the terminal shrinks ink still compares the new height with the previous, taller frame. So
// ink is given a view of stdout whose `rows` is out of reach, and the App alone sizes the frame from
// the real `rows`.
import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

/** What the size hook needs of a terminal stream. */
export interface SizedStream {
  columns?: number;
  rows?: number;
  prependListener?(event: 'resize', fn: () => void): unknown;
  on(event: 'resize', fn: () => void): unknown;
  off(event: 'resize', fn: () => void): unknown;
}

export interface TerminalSize {
  rows: number;
  cols: number;
}

const sizeOf = (s: SizedStream): TerminalSize => ({ rows: s.rows || 24, cols: s.columns || 80 });

/**
 * The terminal's size, re-rendering on resize. The listener goes first (before ink's own): the
 * frame for the new size is then already rendered when ink redraws, so no frame sized for the old
 * terminal is ever written to the new one.
 */
export function useTerminalSize(terminal?: SizedStream): TerminalSize {
  const { stdout } = useStdout();
  const s = terminal ?? (stdout as unknown as SizedStream);
  const [size, setSize] = useState(() => sizeOf(s));
  useEffect(() => {
    const update = () => setSize((old) => {
      const next = sizeOf(s);
      return next.rows === old.rows && next.cols === old.cols ? old : next;
    });
    if (s.prependListener) s.prependListener('resize', update);
    else s.on('resize', update);
    update();
    return () => void s.off('resize', update);
  }, [s]);
  return size;
}

/** Far beyond any terminal: ink never takes a frame for "as tall as the screen". */
const UNREACHABLE_ROWS = 100_000;

/**
 * stdout as ink should see it: the same stream, with `rows` out of reach (see the top of this file).
 * `onWrite` is told of each write (drawn.ts: which frames the terminal shows).
 */
export function inkStdout(out: NodeJS.WriteStream, onWrite?: () => void): NodeJS.WriteStream {
  return new Proxy(out, {
    get(target, prop) {
      if (prop === 'rows') return UNREACHABLE_ROWS;
      if (prop === 'write' && onWrite) {
        return (...args: unknown[]): boolean => {
          const r = Reflect.apply(target.write, target, args) as boolean;
          onWrite();
          return r;
        };
      }
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
