import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../src/domain/events.ts';
import { QueueDayStats } from '../../../src/app/workspace/queue-day-stats.ts';
import { DEMO_SECRET, startTestServer, type TestServer } from '../../support/server.ts';

/**
 * Today's queue counts are read back from the event log (a restart, or the first supervisor of
 * the day): the first event of the tenant's day is found by bisection, yesterday's are left out.
 */
let server: TestServer;
let tenantId = '';

beforeAll(async () => {
  server = await startTestServer({ clock: 'virtual' });
  await server.platform.apply({
    tenants: [{ name: 'daystats01', timezone: 'Europe/Berlin', actionRequestToken: DEMO_SECRET, queues: [{ id: 1, name: 'Q', type: 'inbound', settings: { slaAnswerTime: 30 } }] }],
  } as never);
  tenantId = server.platform.directory.tenantByName('daystats01')?.id ?? '';
});
afterAll(async () => server?.close());

const answered = (waitedMs: number): DomainEvent => ({ type: 'bridge.started', callerId: `qc${waitedMs}`, queueId: 1, agentId: 'a', interactionGuid: `g${waitedMs}`, waitedMs });
const abandoned: DomainEvent = { type: 'caller.left', callerId: 'qcx', queueId: 1, cause: 'BREAK_OUT', waitedMs: 5000 };

describe('today\'s queue counts', () => {
  it('counts only events of the tenant\'s local day, from the log', async () => {
    const now = server.platform.clock.now();
    const todayStart = Date.parse(`${new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(now)}T00:00:00+01:00`);
    const { store } = server.platform;
    await store.transaction((tx) => tx.appendEvents(tenantId, todayStart - 1, [answered(1000), abandoned]));
    await store.transaction((tx) => tx.appendEvents(tenantId, todayStart, [answered(25_000), answered(31_000)]));
    await store.transaction((tx) => tx.appendEvents(tenantId, now, [abandoned]));
    const counts = await new QueueDayStats(server.platform).today(tenantId);
    expect(counts.get(1)).toEqual({ handled: 3, answered: 2, answeredInThreshold: 1, abandoned: 1 });
  });

  it('uses the queue\'s sla_answer_time as the threshold', () => {
    expect(new QueueDayStats(server.platform).thresholdSeconds(tenantId, 1)).toBe(30);
    expect(new QueueDayStats(server.platform).thresholdSeconds(tenantId, 99)).toBe(20);
  });
});
