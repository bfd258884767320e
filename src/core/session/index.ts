// The interactive loop's pure state: rounds, statuses, batches, quiet period, summary.
export type { FindingStatus, HeldRecord, TimedResult, RunningBatch, Batch, RoundDenial, Round, SessionState, StillDeniedCause, StatusInfo } from './types.js';
export { createSession, currentRound, markHeld, setSelected, toggleSelected, observe, beginBatch, beginUndo, answerPair, applyBatch, lastUndoableBatch, applyUndo } from './state.js';
export { keyOf, pairsToUndo } from './pair-results.js';
export type { SessionInit } from './state.js';
export { PROPAGATION_WINDOW_MS, SETTLE_MS, heldRecords, appliedPairs, covers, isPending, statusOf } from './status.js';
export type { StatusOptions } from './status.js';
export { planBatch, safeKeys } from './batch.js';
export type { BatchPlan, PlanOptions } from './batch.js';
export { quietness } from './quiet.js';
export type { Quietness } from './quiet.js';
export { summarize, renderSummary } from './summary.js';
export { sharedCause, hasCause, stoppedByEarlier, STOPPED_BEFORE } from './cause.js';
export { batchNumber, failedBatches } from './failed-batches.js';
export type { FailedBatch } from './failed-batches.js';
export type { RoundSummary, SessionSummary, ExportedFile } from './summary.js';
export { autoDecide } from './auto.js';
export type { AutoPolicy, AutoDecision } from './auto.js';
export { PROPAGATION_GRACE_MS, pairCovers, batchCovers, inGrace } from './grace.js';
export { loopOutcome } from './outcome.js';
export { interruptedReport } from './interrupted.js';
export type { Interrupted, InterruptedReport } from './interrupted.js';
export type { SourcesAtExit, LoopOutcome } from './outcome.js';
export { startLoop, loopStep, failedResults } from './driver.js';
export type { LoopState, LoopJob, LoopEvent, LoopEffect, LoopStep } from './driver.js';
export { startPace, autoNext } from './unattended.js';
export type { AutoPace, AutoOptions, AutoNext, AutoStep } from './unattended.js';
export {
  createUnusedList, unusedKey, unselectable, rowState, startLoad, loaded, toggleUnused, selectUnused,
  safeUnusedKeys, planRevoke, answerUnused, applyRevoke, lastUndoableRevoke, pairsToRegrant, applyRegrant,
} from './unused.js';
export type { RevokeBatch, UnusedList, UnusedRowState, RevokePlan } from './unused.js';
