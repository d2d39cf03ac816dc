import { NotFoundError, RuleViolationError } from '../domain/errors.ts';
import { clearCalls, connect } from './demo-examples.ts';
import type { Platform } from './platform.ts';

/**
 * Fixtures of the CCS call examples (`ccs-api-overview.txt` 4.20–4.27, `NOTES.md` §9): each
 * example that acts on a call gets a call of its own, placed through the simulated telephony in
 * tenant `ccsdemo02` — never a frozen record.
 * - `connected`: Dana (extension 101, records every call) places a call through outbound queue
 *   700 and both ends answer: a connected, recorded call (one call, suppression, kill).
 * - `waiting`: an outside caller rings ACD 702 "Service", which no agent serves: a caller waiting
 *   in a queue (wait_transfer, wait_redirect, wait_kill).
 */
export const CCS_CALL_EXAMPLES = ['connected', 'waiting'] as const;
export type CcsCallExample = (typeof CCS_CALL_EXAMPLES)[number];

const TENANT = 'ccsdemo02';
const DANA = 'agCcsDemo02Dana000000001';

export interface CcsCallFixture {
  readonly example: CcsCallExample;
  readonly tenant: string;
  /** The CCS call id to put in the example's path (`/calls/<call_id>`). */
  readonly callId: string;
}

/** @example const { callId } = await prepareCcsCallExample(platform, 'waiting'); // then POST /6/v2/api/calls/<callId> {"request":"wait_kill"} */
export async function prepareCcsCallExample(platform: Platform, example: CcsCallExample): Promise<CcsCallFixture> {
  const tenant = platform.directory.tenantByName(TENANT);
  if (!tenant) throw new NotFoundError('demo tenant', TENANT);
  const callId = example === 'connected' ? await connectedCall(platform, tenant.id) : await waitingCaller(platform, tenant.id);
  return { example, tenant: TENANT, callId };
}

async function connectedCall(platform: Platform, tenantId: string): Promise<string> {
  const tenant = platform.directory.tenantById(tenantId);
  if (!tenant) throw new NotFoundError('tenant', tenantId);
  await clearCalls(platform, tenantId, DANA);
  await platform.agentStatus.force(tenantId, DANA, { kind: 'available', reason: null }, 'admin');
  const placed = await platform.calls.place(tenant, { agentId: DANA, prefix: '', number: '9735552106', callerId: '19735550100', queueId: 700, dialPlanId: null, forceCall: true });
  await connect(platform, tenantId, placed.interactionGuid);
  await platform.committer.idle();
  await platform.ccs.calls.caughtUp(tenantId);
  const record = await platform.ccs.calls.byInteraction(tenantId, placed.interactionGuid);
  if (!record) throw new RuleViolationError('the example call has no CCS record yet', 'example');
  return record.callId;
}

async function waitingCaller(platform: Platform, tenantId: string): Promise<string> {
  const legId = platform.acd.placeInbound(tenantId, '+15015550101', '+18005550202');
  for (let attempt = 0; attempt < 200; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    await platform.committer.idle();
    await platform.ccs.calls.caughtUp(tenantId);
    const record = (await platform.ccs.calls.list(tenantId, { limit: 1000 })).find((c) => c.customerLegId === legId);
    if (record?.waiting === true) return record.callId;
  }
  throw new RuleViolationError('the example caller did not reach its queue', 'example');
}
