// Text wrapped to a width for the loop's panes and questions: at spaces where it can be, so a word
// or a timestamp is never split between lines; a token longer than a line (a rid, a path) is cut
// hard, every character kept (two rids that differ only in the middle must not look the same).

/** `text` cut in pieces of `width` (hard: a rid has no spaces), later pieces indented by `indent`. */
export function wrapHard(text: string, width: number, indent = ''): string[] {
  const w = Math.max(1, width);
  const rest = Math.max(1, w - indent.length);
  const out = [text.slice(0, w)];
  for (let i = w; i < text.length; i += rest) out.push(indent + text.slice(i, i + rest));
  return out;
}

/**
 * Words greedily to `width` columns; a word longer than a line is cut hard. The first line keeps
 * the text's leading spaces, later lines get `indent`; spaces between words are kept within a
 * line (a two-space separator stays one) and dropped where it breaks.
 */
export function wrapWords(text: string, width: number, indent = ''): string[] {
  const w = Math.max(indent.length + 1, width);
  const lead = /^ */.exec(text)![0];
  const out: string[] = [];
  let line = '';
  for (const [, gap, word] of text.slice(lead.length).matchAll(/( *)([^ ]+)/g)) {
    if (!line) line = (out.length ? indent : lead) + word!;
    else if (line.length + gap!.length + word!.length <= w) line += gap! + word!;
    else {
      out.push(line);
      line = indent + word!;
    }
    // A word past the width (a rid, a path): cut it, keep its last piece as the line going on.
    if (line.length > w) {
      const pieces = wrapHard(line, w, indent);
      out.push(...pieces.slice(0, -1));
      line = pieces.at(-1) ?? '';
    }
  }
  if (line) out.push(line);
  return out;
}
