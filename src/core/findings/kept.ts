// Text a finding or an example keeps for as long as the scan runs, never a slice of a longer line.
import { MAX_EXAMPLE_BYTES } from '../types.js';

/**
 * What is kept as long as the scan is a flat copy where it may be cut from a longer line: a slice
 * holds its whole line (up to MAX_LINE_BYTES), and 1,000 findings of 100 KB lines held 100 MB, not
 * what the bound weighs (structuredClone makes a flat string, as the interner does). A finding's
 * raw line is one the parser may have cut (rawOf cuts past MAX_EXAMPLE_BYTES / 3 characters): it is
 * copied then, once per new finding, never per line read. The few examples of other lines are
 * copied whole, each of their fields (plain data) a flat string.
 */
export const capRaw = (raw: string): string =>
  raw.length > MAX_EXAMPLE_BYTES ? structuredClone(raw.slice(0, MAX_EXAMPLE_BYTES)) : raw.length * 3 > MAX_EXAMPLE_BYTES ? structuredClone(raw) : raw;
export const example = <T extends { raw: string }>(ev: T): T => structuredClone({ ...ev, raw: ev.raw.slice(0, MAX_EXAMPLE_BYTES) });
