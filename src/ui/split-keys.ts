// Keys that arrive together (typed fast over a slow link, pasted, sent by a script) come from ink
// as one string: split into one keypress per character, so the loop handles each in turn.
import type { Key } from 'ink';

const CHAR_KEY: Record<string, Partial<Key>> = { '\r': { return: true }, '\n': { return: true }, '\u007f': { backspace: true }, '\b': { backspace: true }, '\t': { tab: true } };

/** One plain-text input of several characters → one keypress per character. */
export function splitKeys(input: string, key: Key): Array<[string, Key]> {
  const plain = !key.ctrl && !key.meta && !key.escape && !key.upArrow && !key.downArrow && !key.leftArrow && !key.rightArrow && !key.pageUp && !key.pageDown;
  const chars = [...input];
  if (!plain || chars.length < 2) return [[input, key]];
  return chars.map((ch) => (CHAR_KEY[ch] ? ['', { ...key, ...CHAR_KEY[ch] }] : [ch, key]));
}
