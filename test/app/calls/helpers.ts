import { expect } from 'vitest';
import type { Platform } from '../../../src/app/platform.ts';
import type { TenantSpec } from '../../../src/app/provisioning/schema.ts';
import type { ActivityKind, PresenceKind } from '../../../src/domain/agent.ts';
import { visibleStatus } from '../../../src/domain/agent-status.ts';
import type { Interaction } from '../../../src/domain/calls/interaction.ts';
import type { DomainEvent, LoggedEvent } from '../../../src/domain/events.ts';
import type { PlaceCallRequest } from '../../../src/app/calls/call-service.ts';
import type { SimulatedDriver } from '../../../src/telephony/simulated/simulated-driver.ts';
import type { ScriptedDriver } from '../../../src/telephony/scripted/scripted-driver.ts';
import { ILYA, SUPER, openHarness, type Harness } from './harness.ts';

/** The number the demo requests dial, as the dial plan turns it into E.164. */
export const CUSTOMER = '+16175551984';

/** A queue-598 call for Ilya, as the document's example places it. */
export function request(overrides: Partial<PlaceCallRequest> = {}): PlaceCallRequest {
  return { agentId: ILYA, prefix: '1', number: '6175551984', callerId: '12015551212', queueId: 598, dialPlanId: 12, forceCall: false, ...overrides };
}

/** Ilya as committed (what reads show). */
export function agent(h: Harness): { status: number; activity: ActivityKind; presence: PresenceKind; reason: { listId: number; itemId: number } | null; pending: PresenceKind | null } {
  const state = h.platform.directory.requireAgent(h.tenant.id, ILYA).state;
  const visible = visibleStatus(state);
  return { status: visible.status, activity: state.activity, presence: state.presence.kind, reason: visible.reason, pending: state.pendingPresence?.kind ?? null };
}

export function status(h: Harness): number {
  return agent(h).status;
}

/** Applies extra configuration to the demo tenant. */
export async function configure(platform: Platform, spec: Omit<TenantSpec, 'name'>): Promise<void> {
  await platform.apply({ tenants: [{ name: SUPER, ...spec }] });
}

/** Outside numbers ring 4 s, answer and talk `talkSeconds` (then hang up), so timings are exact. */
export async function fixedNumbers(platform: Platform, options: { talkSeconds?: number; hangup?: 'callee' | 'caller'; answer?: 'auto' | 'by_hand' } = {}): Promise<void> {
  await configure(platform, {
    telephony: {
      numbers: [{ pattern: '.*', ringSeconds: 4, outcome: 'answer', talkSeconds: options.talkSeconds ?? 90, hangup: options.hangup ?? 'callee' }],
      agentDevices: { ringSeconds: 2, answer: options.answer ?? 'auto' },
    },
  });
}

export async function lastSeq(h: Harness): Promise<number> {
  const all = await h.platform.store.readEvents(h.tenant.id, 0, 100_000);
  return all.at(-1)?.seq ?? 0;
}

export async function eventsSince(h: Harness, seq: number): Promise<LoggedEvent[]> {
  return h.platform.store.readEvents(h.tenant.id, seq, 100_000);
}

/** One event in short form: its type and the detail that tells steps apart. */
export function describeEvent(event: DomainEvent): string {
  switch (event.type) {
    case 'leg.ringing':
    case 'leg.answered':
      return `${event.type}:${event.leg}`;
    case 'leg.ended':
      return `${event.type}:${event.leg}:${event.cause}`;
    case 'agent.activity_changed':
      return `${event.type}:${event.toActivity}`;
    case 'interaction.ended':
      return `${event.type}:${event.cause}`;
    case 'post_processing.ended':
      return `${event.type}:${event.by}`;
    case 'agent.presence_changed':
      return `${event.type}:${event.to.kind}`;
    case 'agent.presence_change_deferred':
      return `${event.type}:${event.requested.kind}`;
    default:
      return event.type;
  }
}

export async function logSince(h: Harness, seq: number): Promise<string[]> {
  return (await eventsSince(h, seq)).map((e) => describeEvent(e.event));
}

export async function find(h: Harness, guid: string): Promise<Interaction> {
  const found = await h.platform.calls.find(h.tenant.id, guid);
  expect(found).toBeDefined();
  return found as Interaction;
}

export function simulator(h: Harness): SimulatedDriver {
  const sim = h.platform.simulator();
  if (sim === null) throw new Error('not on the simulated telephony');
  return sim;
}

/** Delivers what the scripted driver queued and waits for the commits it caused. */
export async function deliver(h: Harness & { scripted: ScriptedDriver | null }): Promise<void> {
  const driver = h.scripted as ScriptedDriver;
  await driver.settle();
  await h.platform.committer.idle();
  // A follow-up (e.g. a hang-up's `hung_up` by local) may have queued more events meanwhile.
  await driver.settle();
  await h.platform.committer.idle();
}

/** A harness whose outside numbers answer after 4 s and never hang up: calls stay up until a test ends them. */
export async function openCallsUp(): Promise<Harness> {
  const harness = await openHarness();
  await fixedNumbers(harness.platform, { hangup: 'caller' });
  return harness;
}
