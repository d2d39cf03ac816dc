import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Platform } from '../../src/app/platform.ts';
import { ManualClock, seededRandom } from '../../src/domain/ports.ts';
import { openSqliteStore } from '../../src/storage/sqlite.ts';
import { demoDocument } from '../../src/app/demo.ts';
import { readTenantFile } from '../../src/app/tenant-file.ts';
import { sha256Hex } from '../../src/app/security.ts';

let platform: Platform;

beforeEach(async () => {
  platform = await Platform.open({ store: await openSqliteStore(':memory:'), clock: new ManualClock(1_000), random: seededRandom(7) });
});
afterEach(() => platform.close());

const tenant = (extra: Record<string, unknown> = {}) => ({
  tenants: [{
    name: 'acme', actionRequestToken: 'secret-token-1', timezone: 'US/Eastern',
    statusCodeLists: [{ id: 10, name: 'Codes', items: [{ id: 1, shortCode: 'Lun', label: 'Lunch', kind: 'break' }] }],
    agentGroups: [{ id: 1, name: 'All', statusCodeLists: [10] }],
    agents: [{ agentId: 'agOne', name: 'One', username: 'one@acme', password: 'Password1', group: 1, initialPresence: { kind: 'on_break', reason: { statusCodeListId: 10, statusCodeItemId: 1 } } }],
    ...extra,
  }],
});

describe('tenant documents', () => {
  it('create a tenant with its ids in every family, credentials hashed, and events logged', async () => {
    const [result] = await platform.apply(tenant());
    expect(result).toEqual({ name: 'acme', created: true, changed: true });
    const record = platform.directory.tenantByName('acme')!;
    expect(record).toMatchObject({ apiUsername: 'acme', timezone: 'US/Eastern', pbxAccountId: 1000, actionTokenHash: sha256Hex('secret-token-1') });
    expect(record.ccsUuid).toMatch(/^[0-9a-f-]{36}$/);
    const agent = platform.directory.agent(record.id, 'agOne')!;
    expect(agent).toMatchObject({ userId: 1, groupId: 1, state: { presence: { kind: 'on_break', reason: { listId: 10, itemId: 1 } }, presenceSince: 1000 } });
    const stored = await platform.store.getAgentByUsername('one@acme');
    expect(stored?.passwordHash).toMatch(/^scrypt\$/);
    const types = (await platform.store.readEvents(record.id, 0, 100)).map((e) => e.event.type);
    expect(types).toEqual(['tenant.created', 'catalogue.defined', 'agent.created']);
  });

  it('applied twice change nothing the second time', async () => {
    await platform.apply(tenant());
    const id = platform.directory.tenantByName('acme')!.id;
    const seq = (await platform.store.readEvents(id, 0, 100)).length;
    expect(await platform.apply(tenant())).toEqual([{ name: 'acme', created: false, changed: false }]);
    expect((await platform.store.readEvents(id, 0, 100)).length).toBe(seq);
  });

  it('update what differs and leave agent state alone', async () => {
    await platform.apply(tenant());
    const doc = tenant({ agents: [{ agentId: 'agOne', name: 'One Renamed', group: 1 }], actionRequestToken: 'secret-token-2' });
    expect((await platform.apply(doc))[0]).toMatchObject({ changed: true });
    const record = platform.directory.tenantByName('acme')!;
    expect(record.actionTokenHash).toBe(sha256Hex('secret-token-2'));
    expect(platform.directory.agent(record.id, 'agOne')).toMatchObject({ name: 'One Renamed', state: { presence: { kind: 'on_break' } } });
  });

  it('generate a token when none is given, shown once', async () => {
    const [result] = await platform.apply({ tenants: [{ name: 'bare' }] });
    expect(result?.generatedActionRequestToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(platform.directory.tenantByName('bare')!.actionTokenHash).toBe(sha256Hex(result!.generatedActionRequestToken!));
  });

  it.each([
    [{ tenants: [{ name: 'bad name!' }] }, /tenants\[0\]\.name/],
    [{ tenants: [{ name: 'x', timezone: 'Mars/Olympus' }] }, /tenants\[0\]\.timezone/],
    [{ tenants: [{ name: 'x', agents: [{ name: 'No id' }] }] }, /tenants\[0\]\.agents\[0\].*agentId or a username/],
    [{ tenants: [{ name: 'x', agents: [{ agentId: 'a', name: 'A', group: 9 }] }] }, /tenants\[0\]\.agents\[0\]\.group/],
    [{ tenants: [{ name: 'x', agentGroups: [{ id: 1, name: 'G', statusCodeLists: [77] }] }] }, /agentGroups\[0\]\.statusCodeLists\[0\].*77/],
    [{ tenants: [{ name: 'x', statusCodeLists: [{ id: 5, name: 'L', items: [{ id: 1, label: 'A', kind: 'nap' }] }] }] }, /statusCodeLists\[0\]\.items\[0\]\.kind/],
    [{ tenants: [{ name: 'x', agents: [{ agentId: 'a', name: 'A', initialPresence: { kind: 'on_break' } }] }] }, /initialPresence\.reason/],
    [{ tenants: [{ name: 'x', agents: [{ agentId: 'a', name: 'A', password: 'short' }] }] }, /password/],
    [{ tenants: 'nope' }, /tenants: must be array/],
  ])('refuse %j naming the field', async (doc, field) => {
    await expect(platform.apply(doc)).rejects.toThrow(field);
    expect(platform.directory.tenants()).toEqual([]);
  });

  it('refuse a username another agent has', async () => {
    await platform.apply(tenant());
    const other = { tenants: [{ name: 'other', agents: [{ agentId: 'agX', name: 'X', username: 'one@acme' }] }] };
    await expect(platform.apply(other)).rejects.toThrow(/username 'one@acme' is already taken/);
  });

  it('read from YAML or JSON files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tenant-file-'));
    writeFileSync(join(dir, 't.yaml'), 'tenants:\n  - name: yamltenant\n    timezone: Europe/Paris\n');
    writeFileSync(join(dir, 'bad.json'), '{"tenants": [');
    await platform.apply(await readTenantFile(join(dir, 't.yaml')));
    expect(platform.directory.tenantByName('yamltenant')?.timezone).toBe('Europe/Paris');
    await expect(readTenantFile(join(dir, 'bad.json'))).rejects.toThrow(/bad\.json.*not valid JSON/);
  });

  it('the demo loads, and loading it again with another secret changes nothing', async () => {
    const first = await platform.apply(demoDocument('first-secret'), { secretsOnCreateOnly: true });
    expect(first.every((r) => r.created)).toBe(true);
    const again = await platform.apply(demoDocument('other-secret'), { secretsOnCreateOnly: true });
    expect(again.every((r) => !r.changed)).toBe(true);
    expect(platform.directory.tenantByName('acmecorp01')!.actionTokenHash).toBe(sha256Hex('first-secret'));
  });
});

describe('call configuration in tenant documents', () => {
  const calls = (extra: Record<string, unknown> = {}) => ({
    tenants: [{
      name: 'callcorp', actionRequestToken: 'callcorp-token',
      callDefaults: { wrapUpSeconds: 45, dialPlan: 12 },
      channels: ['12015551212', '12015551212', '12015550000'],
      dialPlans: [{ id: 12, name: 'US', countryCode: '1', nationalNumberLengths: [10], trunkPrefix: '1' }],
      transactionCodeLists: [{ id: 12, name: 'Outcome', choice: 'single', items: [{ id: 234, label: 'Sale' }] }],
      queues: [{ id: 598, name: 'Outbound', type: 'outbound', wrapUpSeconds: 30, transactionCodeLists: [12], codesRequired: true }],
      agents: [{ agentId: 'agCaller', name: 'Caller', callerId: '12015551212', dialPlan: 12, wrapUpSeconds: 5 }],
      ...extra,
    }],
  });

  it('store queues, code lists, dial plans, channels and call settings, and a second apply changes nothing', async () => {
    await platform.apply(calls());
    const id = platform.directory.tenantByName('callcorp')!.id;
    const { store } = platform;
    expect(await store.listQueues(id)).toEqual([{ tenantId: id, id: 598, name: 'Outbound', type: 'outbound', ccsUuid: null, extension: null, wrapUpSeconds: 30, transactionCodeListIds: [12], codesRequired: true }]);
    expect(await store.listDialPlans(id)).toEqual([{ id: 12, name: 'US', countryCode: '1', nationalNumberLengths: [10], trunkPrefix: '1', internationalPrefix: '011' }]);
    expect(await store.listTransactionCodeLists(id)).toEqual([{ id: 12, name: 'Outcome', choice: 'single', tenantWide: false, items: [{ id: 234, label: 'Sale' }] }]);
    expect(await store.listChannels(id)).toEqual(['12015550000', '12015551212']);
    expect(await store.getCallDefaults(id)).toEqual({ wrapUpSeconds: 45, dialPlanId: 12 });
    expect(await store.listAgentCallSettings(id)).toEqual([{ agentId: 'agCaller', callerId: '12015551212', dialPlanId: 12, wrapUpSeconds: 5 }]);
    const types = (await store.readEvents(id, 0, 100)).map((e) => e.event.type);
    expect(types).toContain('call_config.defined');
    expect(await platform.apply(calls())).toEqual([{ name: 'callcorp', created: false, changed: false }]);
    await platform.apply({ tenants: [{ name: 'callcorp', queues: [{ id: 598, name: 'Renamed', type: 'outbound' }] }] });
    expect((await store.listQueues(id))[0]).toMatchObject({ name: 'Renamed', transactionCodeListIds: [], codesRequired: false });
  });

  it.each([
    [{ queues: [{ id: 1, name: 'Q', type: 'outbound', transactionCodeLists: [99] }] }, /queues\[0\]\.transactionCodeLists\[0\].*99 does not exist/],
    [{ agents: [{ agentId: 'agX', name: 'X', dialPlan: 77 }] }, /agents\[0\]\.dialPlan.*77 does not exist/],
    [{ callDefaults: { dialPlan: 5 } }, /callDefaults\.dialPlan/],
    [{ queues: [{ id: 1, name: 'Q', type: 'sideways' }] }, /queues\[0\]\.type/],
    [{ channels: ['+1 201'] }, /channels\[0\]/],
    [{ telephony: { numbers: [{ pattern: '([', outcome: 'busy' }] } }, /telephony/],
    [{ telephony: { numbers: [{ pattern: '.*', outcome: 'maybe' }] } }, /telephony/],
    [{ telephony: { agentDevices: { ringSeconds: { min: 5, max: 1 } } } }, /telephony.*min > max|telephony/],
  ])('refuse %j naming the field', async (extra, field) => {
    await expect(platform.apply(calls(extra))).rejects.toThrow(field);
  });

  it('store the tenant\'s telephony rules, serve them to the simulated driver, and put back the defaults with null', async () => {
    const rules = { numbers: [{ pattern: '^\\+1617', outcome: 'busy' }], agentDevices: { answer: 'by_hand' } };
    await platform.apply(calls({ telephony: rules }));
    const id = platform.directory.tenantByName('callcorp')!.id;
    expect(await platform.store.getTelephonyRules(id)).toEqual(rules);
    expect(platform.directory.calls.of(id).telephony).toEqual(rules);
    const events = (await platform.store.readEvents(id, 0, 100)).map((e) => e.event);
    expect(events).toContainEqual(expect.objectContaining({ type: 'call_config.defined', telephonyChanged: true }));
    expect(await platform.apply(calls({ telephony: rules }))).toEqual([{ name: 'callcorp', created: false, changed: false }]);
    await platform.apply({ tenants: [{ name: 'callcorp', telephony: null }] });
    expect(await platform.store.getTelephonyRules(id)).toBeNull();
    expect(platform.directory.calls.of(id).telephony).toEqual({});
  });

  it('store an inbound queue\'s routing, tiers and PBX settings, time groups, numbers and agent overrides', async () => {
    await platform.apply(calls({
      timeGroups: [{ id: 3, name: 'Office', rules: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' }] }],
      queues: [{
        id: 600, name: 'Support', type: 'inbound', routing: { strategy: 'top-down', maxWaitTime: 300 },
        settings: { tvName: 'SUP', slaAnswerTime: 20, labels: [1] }, tiers: [{ agent: 'agCaller', level: 2, timeGroup: 3 }],
      }],
      dids: [{ number: '+18005550100', queue: 600 }],
      agents: [{ agentId: 'agCaller', name: 'Caller', noAnswerDelayTime: 15, maxNoAnswer: 3, initialQueues: [600] }],
    }));
    const id = platform.directory.tenantByName('callcorp')!.id;
    const queue = (await platform.store.listQueues(id)).find((q) => q.id === 600);
    expect(queue).toMatchObject({ routing: { strategy: 'top-down', maxWaitTime: 300, tierRulesApply: false }, settings: { tvName: 'SUP', slaAnswerTime: 20, labels: [1] } });
    expect(queue?.tiers).toEqual([{ agentId: 'agCaller', mode: 'Available', position: 1, level: 2, timeGroupId: 3 }]);
    expect(await platform.store.listDids()).toEqual([{ number: '+18005550100', tenantId: id, queueId: 600 }]);
    expect(platform.directory.calls.did('+18005550100')).toEqual({ number: '+18005550100', tenantId: id, queueId: 600 });
    expect((await platform.store.listAgentCallSettings(id))[0]?.overrides).toEqual({ noAnswerDelayTime: 15, rejectDelayTime: 0, busyDelayTime: 0, maxNoAnswer: 3 });
    expect(platform.directory.requireAgent(id, 'agCaller').state.routing?.joined).toEqual([600]);
  });

  it.each([
    [{ dids: [{ number: '+18005550100', queue: 598 }] }, /dids\[0\]\.queue.*outbound/],
    [{ dids: [{ number: '+18005550100', queue: 9 }] }, /dids\[0\]\.queue.*does not exist/],
    [{ queues: [{ id: 7, name: 'Q', type: 'inbound', tiers: [{ agent: 'agNobody' }] }] }, /tiers\[0\]\.agent/],
    [{ queues: [{ id: 7, name: 'Q', type: 'inbound', tiers: [{ agent: 'agCaller', timeGroup: 99 }] }] }, /tiers\[0\]\.timeGroup/],
    [{ queues: [{ id: 7, name: 'Q', type: 'inbound', routing: { strategy: 'fastest' } }] }, /routing\.strategy/],
  ])('refuse ACD settings %j naming the field', async (extra, field) => {
    await expect(platform.apply(calls(extra))).rejects.toThrow(field);
  });

  it('the demo holds the phone-call examples\' configuration', async () => {
    await platform.apply(demoDocument('demo-secret-1'), { secretsOnCreateOnly: true });
    const id = platform.directory.tenantByName('supertenantcsm01')!.id;
    expect((await platform.store.listQueues(id)).map((q) => [q.id, q.type, q.transactionCodeListIds])).toEqual([[598, 'outbound', [12, 2281]]]);
    expect((await platform.store.listDialPlans(id)).map((d) => d.id)).toEqual([12]);
    expect(await platform.store.listChannels(id)).toEqual(['12015551212']);
    expect((await platform.store.listTransactionCodeLists(id)).map((l) => [l.id, l.items.map((i) => i.id)])).toEqual([[12, [234, 235]], [2281, [7361, 7362]]]);
  });
});
