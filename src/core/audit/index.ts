export { connKeyOf } from './adminrouter.js';
export { denyUidOf } from './deny-uid.js';
export { adminRouterRecordBytes, denyUidOfBytes } from './record-bytes.js';
export { auditConn, parseNotice, NOTICE_NEEDLES } from './notice.js';
export { AUDIT_NEEDLE, parseAudit, isAdminRouterRecord } from './message.js';
