// The UI's IAM port over the real IAM client (src/iam): grants with the rails (the UI already asked
// for the SENSITIVE confirmation, hence yes), undo as revocations recorded as undoing this session.
import type { PairResult } from '../../core/types.js';
import type { IamClient } from '../../iam/client.js';
import { heldPairList } from '../../iam/grants.js';
import type { GrantPort } from '../ports.js';

export function grantPortFromClient(client: IamClient, dryRun: boolean): GrantPort {
  return {
    clusterUrl: client.clusterUrl,
    sessionId: client.sessionId,
    actingUid: client.actingUid,
    dryRun,
    async held(uid) {
      const m = await client.heldPairs(uid);
      return m ? heldPairList(uid, m) : [];
    },
    async grant(pairs, o) {
      if (dryRun) return pairs.map<PairResult>((p) => ({ ...p, outcome: 'dry-run', detail: 'not sent (--dry-run)', aclCreated: false }));
      return (await client.grant(pairs, { allowDangerous: o.allowDangerous, forceNative: o.forceNative, yes: true })).results;
    },
    async revoke(pairs) {
      return (await client.revoke(pairs, { forceNative: true }, undefined, client.sessionId)).results;
    },
  };
}
