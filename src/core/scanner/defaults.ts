// The real parsers, wired once.
import { adminRouterRecordBytes, auditConn, denyUidOf, denyUidOfBytes, isAdminRouterRecord, parseAudit, parseNotice, NOTICE_NEEDLES } from '../audit/index.js';
import { createExportDecoder, isContinuationLine, parseLine } from '../journal/index.js';
import { createDenyReader } from './deny-read.js';
import type { ScanParsers } from './parsers.js';

export const defaultParsers: ScanParsers = {
  parseLine,
  isContinuationLine,
  parseAudit,
  parseNotice,
  auditConn,
  noticeNeedles: NOTICE_NEEDLES,
  createExportDecoder,
  isAdminRouterRecord,
  denyUidOf,
  adminRouterRecordBytes,
  denyUidOfBytes,
  denyReader: (meta, parse, mayFollowCut) => createDenyReader(meta, parse, true, mayFollowCut),
};
