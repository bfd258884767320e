// The copies of findings and authentication failures the aggregator hands out: callers may keep
// or change them while the aggregator goes on counting into its own.
import type { AuthFailure, Finding } from '../types.js';

// Fields listed, not spread: spreading thousands of findings took V8's slow path (~10 us each).
export const copyFinding = (f: Finding): Finding => ({
  uid: f.uid,
  rid: f.rid,
  action: f.action,
  kind: f.kind,
  count: f.count,
  firstSeen: f.firstSeen,
  lastSeen: f.lastSeen,
  hosts: [...f.hosts],
  components: [...f.components],
  example: f.example,
  risk: f.risk,
  catalog: f.catalog,
  explanation: f.explanation,
  warnings: [...f.warnings],
  derived: f.derived ? { rawAction: f.derived.rawAction, path: f.derived.path } : null,
});
export const copyAuth = (a: AuthFailure): AuthFailure => ({ ...a, hosts: [...a.hosts] });
