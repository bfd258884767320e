// Each local file is read once per run, however many names lead to it: a hard link and its
// original in a tree, a directory named together with a file inside it, one file named twice (by
// the same or another path). Read twice, each of its denials would be counted twice. One file is
// one device and inode; a name that leads to a file already read is skipped, and each source says
// in one line which of its names were the same file as which. See docs/sources.md.
import { stat } from 'node:fs/promises';
import { safeText } from '../core/text.js';
import type { SourceError } from '../core/types.js';

/** The files claimed so far in a run (device and inode → the name read), shared by every local source. */
export class ReadOnce {
  private readonly names = new Map<string, string>();

  /**
   * Claims the file at `path` for `name`: null when it is the first name of that file (or not a
   * regular file, or gone: opening it says so), else the name it was claimed for before.
   */
  async claim(path: string, name = path): Promise<string | null> {
    // bigint: a number loses the low bits of a 64-bit inode, and two files could look like one.
    const st = await stat(path, { bigint: true }).catch(() => null);
    if (!st?.isFile() || st.ino === 0n) return null;
    const id = `${st.dev}:${st.ino}`;
    const first = this.names.get(id);
    if (first !== undefined) return first;
    this.names.set(id, name);
    return null;
  }
}

/** Names of one source skipped as files already read: counted, the first few kept for its one line. */
export class Repeats {
  private readonly shown: string[] = [];
  private count = 0;
  constructor(private readonly spec: string) {}

  add(name: string, first: string): void {
    if (this.count++ < 3) this.shown.push(name === first ? `${safeText(name)} named again` : `${safeText(name)} is ${safeText(first)}`);
  }

  /** The note, a warning (the file was read, once), or null when no name was skipped. */
  note(): SourceError | null {
    if (this.count === 0) return null;
    const more = this.count > this.shown.length ? `, and ${this.count - this.shown.length} more` : '';
    const what = this.count === 1 ? '1 name of a file' : `${this.count} names of files`;
    return {
      source: this.spec,
      message: `${safeText(this.spec)}: skipped ${what} read already under another name or named twice (${this.shown.join('; ')}${more}): each file is read once, its denials counted once`,
      skipped: true,
    };
  }
}
