// The optional lines under the header: the demo's status, the "input read only in part" banner,
// the sources' warnings (kept for the run), the quiet-period banner, and the last source errors, each one line fitted to the width (frame.ts
// says which fit).
import { Text } from 'ink';
import { sourceErrorText } from '../../core/text.js';
import type { SourceError } from '../../core/types.js';
import { clipEnd, shown } from '../text.js';

export interface BannersProps {
  status: string | null;
  quiet: { message: string | null; activitySinceGrant: boolean };
  showStatus: boolean;
  showQuiet: boolean;
  /** With findings: some input was not judged (verdict-view.ts partialBanner), fitted already. */
  partial?: string | null;
  showPartial?: boolean;
  /** The sources' warnings (an ssh config or TLS warning: text/notesBanner), fitted already. */
  warned?: string | null;
  showWarned?: boolean;
  errors: readonly SourceError[];
  width: number;
}

export function Banners({ status, quiet, showStatus, showQuiet, partial, showPartial, warned, showWarned, errors, width }: BannersProps) {
  return (
    <>
      {status && showStatus ? <Text color="magenta" wrap="truncate-end">{status}</Text> : null}
      {partial && showPartial ? <Text color="yellow" wrap="truncate-end">{partial}</Text> : null}
      {warned && showWarned ? <Text color="yellow" bold wrap="truncate-end">{warned}</Text> : null}
      {quiet.message && showQuiet ? (
        <Text color={quiet.activitySinceGrant ? 'green' : 'yellow'} bold wrap="truncate-end">
          {quiet.message}
        </Text>
      ) : null}
      {errors.map((e) => (
        <Text key={e.source + e.message} color="red" wrap="truncate-end">{clipEnd(shown(sourceErrorText(e)), width)}</Text>
      ))}
    </>
  );
}
