// The session summary and its interrupted-batch lines go to the terminal after the loop ends, and
// hold ids read from logs anyone may write: shown as the table shows them (asciiText: no terminal
// controls, no bidi reordering, a look-alike as its escape), and reasons as safeText.
import { asciiText, safeText } from '../text.js';

/** `uid rid action` (whichever are given), each escaped. */
export function idsText(x: { uid?: string; rid?: string; action?: string }): string {
  return [x.uid, x.rid, x.action].filter((v): v is string => v !== undefined).map(asciiText).join(' ');
}

/** A result's detail (the IAM's words, a reason naming ids): escaped. */
export const whyText = (s: string): string => safeText(s);
