// The keys of the list view, from keys.ts.
import { Text } from 'ink';
import { KEYS } from '../keys.js';

export function Footer() {
  const parts = Object.values(KEYS)
    .filter((k) => k.footer)
    .map((k) => `${k.label} ${k.short}`);
  return (
    <Text wrap="truncate-end" dimColor>
      {`↑↓/jk move · ${parts.join(' · ')}`}
    </Text>
  );
}
