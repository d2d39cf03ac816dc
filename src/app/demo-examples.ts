import { inPostProcessing, isLive } from '../domain/calls/interaction.ts';
import { NotFoundError } from '../domain/errors.ts';
import type { PlacedCall } from './calls/call-service.ts';
import type { Platform } from './platform.ts';

/** The `vcc-manage-phone-calls.md` examples, each with its own fixture (`NOTES.md` §9). */
export const CALL_EXAMPLES = ['place-call', 'set-transaction-codes', 'end-call', 'hang-up-agent', 'free-lines', 'free-line'] as const;
export type CallExample = (typeof CALL_EXAMPLES)[number];

const TENANT = 'supertenantcsm01';
const AGENT = 'ag0VYyLh0YTsymdbtYIaaaa';
/** The place-call example's body, as documented. */
const EXAMPLE_CALL = { agentId: AGENT, prefix: '1', number: '6175551984', callerId: '12015551212', queueId: 598, dialPlanId: 12, forceCall: true } as const;

export interface CallFixture {
  readonly example: CallExample;
  readonly tenantId: string;
  readonly agentId: string;
  /** The call placed for the example (none for place-call itself); connected when the telephony is simulated. */
  readonly interactionGuid: string | null;
  readonly agentLegId: string | null;
  readonly line: number | null;
  /** The example's request with this fixture's ids filled in. */
  readonly method: string;
  readonly path: string;
}

/**
 * Prepares the demo for one phone-call example: the example's agent is freed of calls and
 * post-processing and made available, and — for every example but place call — a call is placed
 * for it through the telephony and, when simulated, answered at both ends.
 * @example const fixture = await prepareCallExample(platform, 'hang-up-agent'); // then DELETE fixture.path
 */
export async function prepareCallExample(platform: Platform, example: CallExample): Promise<CallFixture> {
  const tenant = platform.directory.tenantByName(TENANT);
  if (!tenant) throw new NotFoundError('demo tenant', TENANT);
  await clearCalls(platform, tenant.id, AGENT);
  await platform.agentStatus.force(tenant.id, AGENT, { kind: 'available', reason: null }, 'admin');
  if (example === 'place-call') return fixture(example, null, 'POST', `/api/v1/tenants/${TENANT}/calls`);
  const placed = await platform.calls.place(tenant, EXAMPLE_CALL);
  await connect(platform, tenant.id, placed.interactionGuid);
  if (example !== 'free-line') return fixture(example, placed, ...requestOf(example, placed));
  // Line 2 in use, as the example frees line 2: a second call, forced onto it.
  const second = await platform.calls.place(tenant, EXAMPLE_CALL);
  await connect(platform, tenant.id, second.interactionGuid);
  return fixture(example, second, 'DELETE', `/api/v1/tenants/${TENANT}/agents/${AGENT}/calls/line/${second.line}`);
}

function requestOf(example: Exclude<CallExample, 'place-call' | 'free-line'>, placed: PlacedCall): [string, string] {
  const call = `/api/v1/tenants/${TENANT}/calls/${placed.interactionGuid}`;
  switch (example) {
    case 'set-transaction-codes':
      return ['PUT', `${call}/agent/${AGENT}/transaction-codes`];
    case 'end-call':
      return ['DELETE', `${call}?endPostProcessing=true`];
    case 'hang-up-agent':
      return ['DELETE', `${call}/agent/${AGENT}`];
    case 'free-lines':
      return ['DELETE', `/api/v1/tenants/${TENANT}/agents/${AGENT}/calls`];
  }
}

function fixture(example: CallExample, placed: PlacedCall | null, method: string, path: string): CallFixture {
  return {
    example, tenantId: TENANT, agentId: AGENT, interactionGuid: placed?.interactionGuid ?? null,
    agentLegId: placed?.agentLegId ?? null, line: placed?.line ?? null, method, path,
  };
}

/** Ends the calls and their post-processing of one agent, or of every agent of the tenant (demo reset). */
export async function clearCalls(platform: Platform, tenantId: string, agentId: string | null = null): Promise<number> {
  const { registry } = platform.calls.engine;
  const calls = agentId === null ? registry.all().filter((i) => i.tenantId === tenantId) : registry.ofAgent(tenantId, agentId);
  const open = calls.filter((i) => isLive(i) || inPostProcessing(i));
  await Promise.all(open.map((i) => platform.calls.endCall(tenantId, i.guid, { endPostProcessing: true, by: 'admin' })));
  return open.length;
}

/** Answers the call's ringing legs by hand until it is connected (simulated telephony only). */
export async function connect(platform: Platform, tenantId: string, guid: string): Promise<void> {
  const simulator = platform.simulator();
  if (!simulator) return;
  for (let attempt = 0; attempt < 200; attempt++) {
    const call = platform.calls.engine.registry.get(tenantId, guid);
    if (!call || call.bridgedAt !== null || call.endedAt !== null) return;
    if (!simulator.answer(call.agentLeg.id)) simulator.answer(call.customerLeg.id);
    await settle(platform);
  }
}

/** Lets delivered telephony events commit: on the virtual clock by running what is due now. */
async function settle(platform: Platform): Promise<void> {
  const clock = platform.virtualClock();
  if (clock) await clock.advance(0);
  else await new Promise((resolve) => setTimeout(resolve, 5));
  await platform.committer.idle();
}
