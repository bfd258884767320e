// The authorizer's one rule for actions (docs/iam-api.md): `full` on a rid allows every action on
// that rid; any other action allows only itself. Grants, the loop, the emulator and the usage report
// all ask this function, so they cannot disagree.
export const FULL = 'full';

/** Does holding `held` on a rid allow `wanted` on the same rid? */
export const actionCovers = (held: string, wanted: string): boolean => held === wanted || held === FULL;

/** Does a set of actions held on a rid allow `wanted`? */
export const actionsCover = (held: { has(a: string): boolean }, wanted: string): boolean => held.has(wanted) || held.has(FULL);
