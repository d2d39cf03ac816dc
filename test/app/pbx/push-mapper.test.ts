import { describe, expect, it } from 'vitest';
import type { MapperContext } from '../../../src/app/delivery/mappers.ts';
import { callData, countryOf, hangupCause, NO_PARTY, type CallFacts } from '../../../src/app/pbx/push/call-fields.ts';
import { agentStatusData } from '../../../src/app/pbx/push/messages.ts';
import { pbxMapper, type PbxLookups } from '../../../src/app/pbx/push/pbx-mapper.ts';
import type { Interaction } from '../../../src/domain/calls/interaction.ts';
import type { DomainEvent, LoggedEvent } from '../../../src/domain/events.ts';
import type { StoreReads } from '../../../src/ports/storage.ts';

const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);
const lookups: PbxLookups = {
  accountId: (tenantId) => (tenantId === 't1' ? 1001 : null),
  userId: async (_t, agentId) => (agentId === 'agA' ? 7 : null),
  deviceId: async () => 201,
};
const logged = (event: DomainEvent, at = T0, tenantId = 't1'): LoggedEvent => ({ tenantId, seq: 1, at, event });
const leg = (id: string, side: 'agent' | 'customer', times: Partial<{ ringingAt: number; answeredAt: number; endedAt: number; endCause: string }>) => ({
  id, side, state: times.endedAt ? 'ended' : times.answeredAt ? 'answered' : 'ringing', ringingAt: times.ringingAt ?? null,
  answeredAt: times.answeredAt ?? null, endedAt: times.endedAt ?? null, endCause: times.endCause ?? null,
});
const placed = {
  guid: 'int-1', tenantId: 't1', agentId: 'agA', queueId: null, direction: 'outbound', line: 1, transactionNumber: 1, destination: '+16175551984',
  callerId: '+12015551212', agentLeg: leg('L-agent', 'agent', { ringingAt: T0 + 100, answeredAt: T0 + 2000, endedAt: T0 + 9000, endCause: 'hangup' }),
  customerLeg: leg('L-cust', 'customer', { ringingAt: T0 + 2500, answeredAt: T0 + 4000, endedAt: T0 + 9000, endCause: 'cleared' }),
  extTransactionData: [{ name: 'lead_id', value: '42' }, { name: 'cnam', value: 'Acme' }, { name: 'tags', value: 'vip' }], ctlUserData: [], transactionCodes: [],
  codesRequired: false, wrapUpSeconds: null, createdAt: T0, bridgedAt: T0 + 4000, endedAt: T0 + 9000, endCause: 'completed', hungUpBy: 'agent', postProcessing: null,
} as unknown as Interaction;
const ctx = (interactions: Interaction[] = [placed]): MapperContext => ({
  store: {
    getInteraction: async (_t: string, guid: string) => interactions.find((i) => i.guid === guid),
    getAgent: async () => undefined,
    listQueueCallersLeftSince: async () => [],
  } as unknown as StoreReads,
  destination: { tenantId: 't1', destinationId: 'pbx-push', kind: 'pbx', url: 'https://crm.example.com/pbx', secret: 's', enabled: true, createdAt: T0, cursor: 0 },
});
const map = async (event: DomainEvent, at = T0, c = ctx()) => [...(await pbxMapper(lookups)(logged(event, at), c))];

describe('PBX push mapper: agents', () => {
  it('a check-in with a device: agent:checkin then agent:status', async () => {
    const out = await map({ type: 'agent.presence_changed', agentId: 'agA', from: { kind: 'logged_out', reason: null }, to: { kind: 'available', reason: null }, by: 'pbx', device: { id: 201, name: 'Desk' }, activity: 'idle' });
    expect(out.map((m) => m.body)).toEqual([
      { event: 'agent:checkin', account_id: 1001, ts: T0 / 1000, data: { user_id: 7, device_id: 201, device_name: 'Desk' } },
      { event: 'agent:status', account_id: 1001, ts: T0 / 1000, data: { user_id: 7, activity_id: 1, pause_id: 0, in_calls: 1 } },
    ]);
    expect(out.map((m) => m.type)).toEqual(['agent:checkin', 'agent:status']);
  });

  it('a pause (VCC break) and a check-out', async () => {
    const brk = { kind: 'on_break' as const, reason: { listId: 801, itemId: 1725 } };
    const paused = await map({ type: 'agent.presence_changed', agentId: 'agA', from: { kind: 'available', reason: null }, to: brk, by: 'vcc', activity: 'idle' });
    expect(paused.map((m) => m.body)).toEqual([expect.objectContaining({ event: 'agent:status', data: { user_id: 7, activity_id: 1, pause_id: 1725, in_calls: 1 } })]);
    const out = await map({ type: 'agent.presence_changed', agentId: 'agA', from: brk, to: { kind: 'logged_out', reason: null }, by: 'vcc', activity: 'idle' });
    expect(out.map((m) => (m.body as { event: string }).event)).toEqual(['agent:checkout', 'agent:status']);
    expect((out[1]?.body as { data: unknown }).data).toEqual({ user_id: 7, activity_id: 0, pause_id: 0, in_calls: 0 });
  });

  it('activity changes send agent:status only when its fields change', async () => {
    const available = { kind: 'available' as const, reason: null };
    const ringing = await map({ type: 'agent.activity_changed', agentId: 'agA', fromActivity: 'idle', toActivity: 'offered', presence: available });
    expect((ringing[0]?.body as { data: unknown }).data).toEqual({ user_id: 7, activity_id: 2, pause_id: 0, in_calls: 1 });
    expect(await map({ type: 'agent.activity_changed', agentId: 'agA', fromActivity: 'on_direct_call', toActivity: 'both_lines', presence: available })).toEqual([]);
  });

  it('queues: leave and join from removed/added; an old event\'s joined counts as joined', async () => {
    const out = await map({ type: 'agent.queues_changed', agentId: 'agA', joined: [601], added: [601], removed: [600] });
    expect(out.map((m) => m.body)).toEqual([
      expect.objectContaining({ event: 'queue:leave', data: { user_id: 7, queues: [600] } }),
      expect.objectContaining({ event: 'queue:join', data: { user_id: 7, queues: [601] } }),
    ]);
    const old = await map({ type: 'agent.queues_changed', agentId: 'agA', joined: [600] });
    expect(old.map((m) => m.body)).toEqual([expect.objectContaining({ event: 'queue:join', data: { user_id: 7, queues: [600] } })]);
  });

  it('nothing for another tenant, an unknown agent or an unrelated event', async () => {
    expect(await pbxMapper(lookups)(logged({ type: 'agent.queues_changed', agentId: 'agA', joined: [1] }, T0, 't2'), ctx())).toEqual([]);
    expect(await map({ type: 'agent.queues_changed', agentId: 'agGone', joined: [1] })).toEqual([]);
    expect(await map({ type: 'tenant.credentials_rotated' })).toEqual([]);
  });
});

describe('PBX push mapper: calls', () => {
  it('a placed call: the ring of the agent leg counts only what happened by then, the same when mapped again', async () => {
    const event: DomainEvent = { type: 'leg.ringing', interactionGuid: 'int-1', leg: 'agent', legId: 'L-agent' };
    const out = await map(event, T0 + 100);
    expect(out).toEqual(await map(event, T0 + 100));
    expect((out[0]?.body as { data: unknown }).data).toEqual({
      id: 'L-agent', call_id: 'L-agent', ts: Math.floor((T0 + 100) / 1000), site_id: null, type: 'outbound', dst_num: '+16175551984',
      src_device_id: 201, dst_device_id: null, src_user_id: 7, dst_user_id: null, cid_num: '+12015551212', cid_name: 'Acme', a2: 'US',
      tags: 'vip', queue_id: null, lead_id: 42, lead_name: null, campaign_id: null, dialer_id: null, conference_id: null, call_script: null,
      waitms: 100, durationms: 100, progressms: 100, billms: 0, cc_wait: 0, hangup_cause: null, canceled: null,
    });
  });

  it('the customer leg\'s end: timings from its own start, the FreeSWITCH cause', async () => {
    const out = await map({ type: 'leg.ended', interactionGuid: 'int-1', leg: 'customer', legId: 'L-cust', cause: 'cleared', hungUpBy: 'agent' }, T0 + 9000);
    expect((out[0]?.body as { data: unknown }).data).toMatchObject({
      id: 'L-cust', call_id: 'L-agent', waitms: 2000, durationms: 7000, progressms: 500, billms: 5000, hangup_cause: 'NORMAL_CLEARING',
    });
  });

  it('an inbound offer: the caller leg ends with the call only once bridged; a requeued leg has not ended', async () => {
    const inbound = { ...placed, guid: 'int-2', direction: 'inbound', queueId: 600, queueCallerId: 'qc-1', destination: '+18005550100', callerId: '+442071234567', bridgedAt: null } as unknown as Interaction;
    const c = ctx([inbound]);
    expect(await map({ type: 'leg.ended', interactionGuid: 'int-2', leg: 'customer', legId: 'L-cust', cause: 'requeued', hungUpBy: null }, T0, c)).toEqual([]);
    expect(await map({ type: 'leg.ended', interactionGuid: 'int-2', leg: 'customer', legId: 'L-cust', cause: 'hangup', hungUpBy: 'customer' }, T0, c)).toEqual([]);
    const agentEnd = await map({ type: 'leg.ended', interactionGuid: 'int-2', leg: 'agent', legId: 'L-agent', cause: 'no_answer', hungUpBy: null }, T0 + 9000, c);
    expect((agentEnd[0]?.body as { data: unknown }).data).toMatchObject({ type: 'queue', call_id: 'L-cust', dst_user_id: 7, src_user_id: null, a2: 'GB', hangup_cause: 'NO_ANSWER', queue_id: 600 });
  });

  it('a queue caller: ring and answer on joining, end with canceled when it leaves unanswered', async () => {
    const joined = await map({ type: 'caller.joined', callerId: 'qc-1', queueId: 600, number: '+4930123456', dialled: '+18005550100', resumed: false, legId: 'L-c', musicOnHold: null });
    expect(joined.map((m) => m.type)).toEqual(['call:ring', 'call:answer']);
    expect((joined[0]?.body as { data: unknown }).data).toMatchObject({ id: 'L-c', call_id: 'L-c', type: 'queue', a2: 'DE', cid_num: '+4930123456', dst_num: '+18005550100' });
    const left = await map({ type: 'caller.left', callerId: 'qc-1', queueId: 600, cause: 'TIMEOUT', waitedMs: 61_000, legId: 'L-c' }, T0 + 61_000);
    expect((left[0]?.body as { data: unknown }).data).toMatchObject({ id: 'L-c', canceled: 'TIMEOUT', cc_wait: 61, durationms: 61_000, hangup_cause: 'NORMAL_CLEARING' });
    expect(await map({ type: 'caller.left', callerId: 'qc-1', queueId: 600, cause: 'answered', waitedMs: 1000, legId: 'L-c' })).toEqual([]);
  });
});

describe('PBX push fields', () => {
  it('countries, causes and statuses', () => {
    expect([countryOf('+16175551984'), countryOf('972501234567'), countryOf('+35312345678'), countryOf('0501234567'), countryOf('1001'), countryOf(null)])
      .toEqual(['US', 'IL', 'IE', null, null, null]);
    expect(['hangup', 'cancelled', 'no_answer', 'rejected', 'busy', 'failed'].map(hangupCause))
      .toEqual(['NORMAL_CLEARING', 'ORIGINATOR_CANCEL', 'NO_ANSWER', 'CALL_REJECTED', 'USER_BUSY', 'NORMAL_TEMPORARY_FAILURE']);
    expect(agentStatusData(7, { kind: 'working_offline', reason: { listId: 801, itemId: 1726 } }, 'post_processing')).toEqual({ user_id: 7, activity_id: 4, pause_id: 1726, in_calls: 1 });
    const facts: CallFacts = { type: 'outbound', callId: 'a', dstNum: null, src: NO_PARTY, dst: NO_PARTY, cidNum: null, external: null, queueId: null, data: [{ name: 'campaign_id', value: 'C-9' }] };
    expect(callData('a', facts, { start: 0, ringingAt: null, answeredAt: null, endedAt: null }, 0, 0, null)).toMatchObject({ campaign_id: 'C-9', lead_id: null });
  });
});
