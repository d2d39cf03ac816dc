import { DEFAULT_OVERRIDES, type AgentOverrides } from '../../domain/acd/agent-routing.ts';
import type { Tier } from '../../domain/acd/routing.ts';
import { ActivityKind, INITIAL_STATE, PresenceKind, type Agent } from '../../domain/agent.ts';
import type { Queue } from '../../domain/calls/queue.ts';
import { ConflictError, NotFoundError, RuleViolationError } from '../../domain/errors.ts';
import { checkNewAgent } from '../../domain/ccs/licences.ts';
import { queuesOrAgentsChanged, type DomainEvent } from '../../domain/events.ts';
import { newAgentId } from '../../domain/ids.ts';
import { DEVICE_RECORD, deviceKey, type Device } from '../../domain/users/device.ts';
import { applyProfileChanges, checkUserChanges, matchesUserQuery, type UserChanges } from '../../domain/users/user-fields.ts';
import { defaultProfile, USER_RECORD, type UserProfile } from '../../domain/users/user-profile.ts';
import type { AgentCallSettings, StoreTx, TenantRecord } from '../../ports/storage.ts';
import { commitChange } from '../core.ts';
import { parseCidr } from '../delivery/address-policy.ts';
import type { Platform } from '../platform.ts';
import { DEFAULT_SESSION_TTL_S } from '../access/sessions.ts';
import { hashPassword, verifyPassword } from '../security.ts';
import { EXTENSION_RECORD } from '../../domain/ccs/extension.ts';

/** Everything a PBX user record is built from (`src/api/pbx/users/mappers.ts`). */
export interface UserView {
  readonly tenant: TenantRecord;
  /** As committed: reads never show a change that could still fail. */
  readonly agent: Agent;
  readonly profile: UserProfile;
  readonly settings: AgentCallSettings | undefined;
  /** Devices assigned to the user, by id. */
  readonly devices: readonly Device[];
  /** The queues where the user holds a tier, with the tier, by queue id. */
  readonly tiers: readonly { readonly queue: Queue; readonly tier: Tier }[];
}

/** How a login attempt ended: a session for the user, or the status and reason of the refusal. */
export type LoginOutcome =
  | { readonly ok: true; readonly user: UserView; readonly token: string; readonly ttlSeconds: number }
  | { readonly ok: false; readonly status: 401 | 403 | 429; readonly reason: string; readonly retryAfter?: number };

/** Verified against when the username is unknown, so both answers take as long (no username probing by timing). */
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** Call-setting fields of a user record (`AgentCallSettings`). */
const OVERRIDE_FIELDS = { no_answer_delay_time: 'noAnswerDelayTime', reject_delay_time: 'rejectDelayTime', busy_delay_time: 'busyDelayTime', max_no_answer: 'maxNoAnswer' } as const;

/** The call settings after a write, or null when the write changes none of them. */
function settingsAfter(agentId: string, current: AgentCallSettings | undefined, changes: UserChanges): AgentCallSettings | null {
  const overrideKeys = Object.keys(OVERRIDE_FIELDS) as (keyof typeof OVERRIDE_FIELDS)[];
  const touchesOverrides = overrideKeys.some((k) => changes[k] !== undefined);
  if (changes.wrap_up_time === undefined && changes.dr_id === undefined && !touchesOverrides) return null;
  const base: AgentCallSettings = current ?? { agentId, callerId: null, dialPlanId: null, wrapUpSeconds: null };
  let overrides: AgentOverrides | undefined = base.overrides;
  if (touchesOverrides) {
    const next: Record<string, number> = { ...(base.overrides ?? DEFAULT_OVERRIDES) };
    for (const k of overrideKeys) if (changes[k] !== undefined) next[OVERRIDE_FIELDS[k]] = changes[k];
    overrides = next as unknown as AgentOverrides;
  }
  return {
    ...base,
    ...(changes.wrap_up_time !== undefined && { wrapUpSeconds: changes.wrap_up_time }),
    ...(changes.dr_id !== undefined && { dialPlanId: changes.dr_id }),
    ...(overrides && { overrides }),
  };
}

/**
 * PBX users (`pbx-callcenter-api.md`, Users) over the one core: a user is an agent row (name,
 * username, password) with its PBX profile (record `user`) and call settings. Writes of a tenant's
 * users and queues share the tenant's lock (deleting a user edits queues' tiers); usernames are
 * unique platform-wide (one person, one password: `NOTES.md` §1).
 * @example const user = await platform.pbx.users.create(tenant.id, { name: 'Ann', username: 'ann', password: 'Ab123456', email: 'a@b.co' });
 */
export class UserService {
  constructor(readonly platform: Platform) {}

  /** The tenant's users matching the filter, by user id. */
  async list(tenantId: string, filter: { q?: string; agentsOnly?: boolean } = {}): Promise<UserView[]> {
    const { profiles } = this.platform.pbx;
    const agents = this.agents(tenantId).filter((a) => {
      const p = profiles.of(tenantId, a.agentId);
      return matchesUserQuery({ name: a.name, username: a.username, email: p.email, isAgent: p.is_agent }, filter.q, filter.agentsOnly ?? false);
    });
    const devices = await this.devicesByAgent(tenantId);
    const tiers = this.tiersByAgent(tenantId);
    return agents.map((a) => this.viewOf(tenantId, a, devices.get(a.agentId) ?? [], tiers));
  }

  /** @throws NotFoundError for an id that is not one of the tenant's users (any form). */
  byUserId(tenantId: string, id: string | number): Agent {
    const text = String(id);
    const agent = /^[0-9]{1,15}$/.test(text) ? this.platform.directory.agentByUserId(tenantId, Number(text)) : undefined;
    if (!agent) throw new NotFoundError('user', text);
    return agent;
  }

  async get(tenantId: string, id: string | number): Promise<UserView> {
    return this.view(tenantId, this.byUserId(tenantId, id).agentId);
  }

  /** The record of one user by agent id. */
  async view(tenantId: string, agentId: string): Promise<UserView> {
    const agent = this.platform.directory.requireAgent(tenantId, agentId);
    const devices = (await this.devicesByAgent(tenantId)).get(agentId) ?? [];
    return this.viewOf(tenantId, agent, devices);
  }

  /** Creates a user: the agent row, its profile and call settings, in one commit. */
  create(tenantId: string, changes: UserChanges & { name: string; username: string; password: string }): Promise<UserView> {
    return this.platform.locks.run(tenantId, () => this.platform.locks.run('pbx-usernames', async () => {
      await this.checkWrite(tenantId, changes, null);
      const { platform } = this;
      let agentId = newAgentId(platform.random);
      while (platform.directory.agent(tenantId, agentId)) agentId = newAgentId(platform.random);
      const now = platform.clock.now();
      const profile = applyProfileChanges(defaultProfile(Math.floor(now / 1000)), changes);
      const settings = settingsAfter(agentId, undefined, changes);
      const passwordHash = await hashPassword(changes.password);
      const row = { tenantId, agentId, name: changes.name, username: changes.username, passwordHash, groupId: null, state: { ...INITIAL_STATE, presenceSince: now } };
      await commitChange(platform, tenantId,
        (agent: Agent): DomainEvent[] => [
          { type: 'agent.created', agentId, userId: agent.userId, name: agent.name },
          { type: 'record.changed', kind: USER_RECORD, key: agentId, change: 'put' },
          ...(settings ? [queuesOrAgentsChanged({ agentIds: [agentId] })] : []),
        ],
        async (tx) => {
          const agent = await tx.insertAgent(row);
          await platform.pbx.profiles.write(tx, tenantId, agentId, profile);
          if (settings) await tx.putAgentCallSettings(tenantId, settings);
          return agent;
        },
        async (agent) => {
          platform.directory.putAgent(agent);
          platform.pbx.profiles.remember(tenantId, agentId, profile);
          if (settings) await platform.directory.calls.reload(platform.store, tenantId);
        });
      return this.view(tenantId, agentId);
    }));
  }

  /** Changes only the fields given; a new password ends the user's sessions. */
  update(tenantId: string, id: string | number, changes: UserChanges): Promise<UserView> {
    return this.platform.locks.run(tenantId, () => this.platform.locks.run('pbx-usernames', async () => {
      const { platform } = this;
      const agent = this.byUserId(tenantId, id);
      await this.checkWrite(tenantId, changes, agent);
      const before = platform.pbx.profiles.of(tenantId, agent.agentId);
      const profile = applyProfileChanges(before, changes);
      // No longer an agent: out of every queue and checked out first, so routing never offers it a call again.
      const demoted = before.is_agent && !profile.is_agent;
      if (demoted) await this.stopAgentWork(tenantId, agent);
      const queues = demoted ? this.withoutTiersOf(tenantId, agent.agentId) : [];
      const settings = settingsAfter(agent.agentId, platform.directory.calls.of(tenantId).agentSettings.get(agent.agentId), changes);
      const name = changes.name ?? agent.name;
      const username = changes.username ?? agent.username;
      const passwordHash = changes.password === undefined ? undefined : await hashPassword(changes.password);
      const rowChanged = name !== agent.name || username !== agent.username || passwordHash !== undefined;
      const events: DomainEvent[] = [
        ...(rowChanged ? [{ type: 'agent.updated', agentId: agent.agentId, name, groupId: agent.groupId } as const] : []),
        { type: 'record.changed', kind: USER_RECORD, key: agent.agentId, change: 'put' },
        ...(settings || queues.length > 0 ? [queuesOrAgentsChanged({ agentIds: settings ? [agent.agentId] : [], queueIds: queues.map((q) => q.id) })] : []),
      ];
      await commitChange(platform, tenantId, events,
        async (tx) => {
          for (const queue of queues) await tx.putQueue(queue);
          if (rowChanged) await tx.updateAgentProfile(tenantId, agent.agentId, { name, username, groupId: agent.groupId, ...(passwordHash !== undefined && { passwordHash }) });
          await platform.pbx.profiles.write(tx, tenantId, agent.agentId, profile);
          if (settings) await tx.putAgentCallSettings(tenantId, settings);
        },
        async () => {
          // Merge into the directory's current record: a state change may have landed meanwhile.
          if (rowChanged) platform.directory.putAgent({ ...platform.directory.requireAgent(tenantId, agent.agentId), name, username });
          platform.pbx.profiles.remember(tenantId, agent.agentId, profile);
          if (settings || queues.length > 0) await platform.directory.calls.reload(platform.store, tenantId);
        });
      if (passwordHash !== undefined) await this.endSessions(tenantId, agent.agentId);
      return this.view(tenantId, agent.agentId);
    }));
  }

  /**
   * Deletes a user: checked out if logged in, its tiers removed from every queue, its devices
   * unassigned, its keys and sessions revoked, then the agent row and profile go in one commit.
   * @throws ConflictError while the user has a call (ringing, connected or in post-processing).
   */
  delete(tenantId: string, id: string | number): Promise<void> {
    return this.platform.locks.run(tenantId, async () => {
      const { platform } = this;
      const agent = this.byUserId(tenantId, id);
      await this.stopAgentWork(tenantId, agent, 'delete the user');
      await platform.access.keys.revokeAll(tenantId, agent.agentId);
      await this.endSessions(tenantId, agent.agentId);
      await this.commitDelete(tenantId, agent);
    });
  }

  /**
   * Before a user stops being an agent (deleted, or `is_agent` set to false): refused while it has a
   * call; otherwise checked out and out of its joined queues.
   * @throws ConflictError while the user has a call (ringing, connected or in post-processing).
   */
  private async stopAgentWork(tenantId: string, agent: Agent, what = 'make the user a non-agent'): Promise<void> {
    const { platform } = this;
    const current = platform.agentWriter.current(tenantId, agent.agentId);
    if (current.state.activity !== ActivityKind.Idle || platform.calls.engine.registry.ofAgent(tenantId, agent.agentId).length > 0) {
      throw new ConflictError(`id: user ${agent.userId} has a live call (${current.state.activity}); ${what} when it has ended`);
    }
    const presence = current.state.presence.kind;
    if (presence !== PresenceKind.NeverLoggedIn && presence !== PresenceKind.LoggedOut) {
      await platform.agentStatus.force(tenantId, agent.agentId, { kind: PresenceKind.LoggedOut, reason: null }, 'pbx');
    }
    if ((current.state.routing?.joined.length ?? 0) > 0) await platform.acd.setJoinedQueues(tenantId, agent.agentId, []);
  }

  /** Every login of the person ends (password changed, user deleted): PBX and workspace sessions, CCS bearer tokens. */
  private async endSessions(tenantId: string, agentId: string): Promise<void> {
    await this.platform.access.sessions.closeAll(tenantId, agentId);
    await this.platform.ccs.tokens.revokeAllOf(tenantId, agentId);
  }

  /** The tenant's queues where the agent holds a tier, without that tier. */
  private withoutTiersOf(tenantId: string, agentId: string): Queue[] {
    return [...this.platform.directory.calls.of(tenantId).queues.values()]
      .filter((q) => (q.tiers ?? []).some((t) => t.agentId === agentId))
      .map((q): Queue => ({ ...q, tiers: (q.tiers ?? []).filter((t) => t.agentId !== agentId) }));
  }

  private async commitDelete(tenantId: string, agent: Agent): Promise<void> {
    const { platform } = this;
    const queues = this.withoutTiersOf(tenantId, agent.agentId);
    const devices = ((await this.devicesByAgent(tenantId)).get(agent.agentId) ?? []).map((d): Device => ({ ...d, agentId: null }));
    const events: DomainEvent[] = [
      ...devices.map((d): DomainEvent => ({ type: 'record.changed', kind: DEVICE_RECORD, key: deviceKey(d.id), change: 'put' })),
      ...(queues.length > 0 ? [queuesOrAgentsChanged({ queueIds: queues.map((q) => q.id) })] : []),
      { type: 'record.changed', kind: USER_RECORD, key: agent.agentId, change: 'deleted' },
      { type: 'record.changed', kind: EXTENSION_RECORD, key: agent.agentId, change: 'deleted' },
      { type: 'agent.deleted', agentId: agent.agentId, userId: agent.userId },
    ];
    await commitChange(platform, tenantId, events,
      async (tx: StoreTx) => {
        for (const queue of queues) await tx.putQueue(queue);
        for (const device of devices) await tx.putRecord(tenantId, DEVICE_RECORD, deviceKey(device.id), device);
        await tx.deleteRecord(tenantId, USER_RECORD, agent.agentId);
        await tx.deleteRecord(tenantId, EXTENSION_RECORD, agent.agentId);
        await tx.deleteAgent(tenantId, agent.agentId);
      },
      async () => {
        platform.directory.removeAgent(tenantId, agent.agentId);
        platform.pbx.profiles.remember(tenantId, agent.agentId, null);
        platform.ccs.extensions.remember(tenantId, agent.agentId, null);
        // The agent's call settings went with its row, and its tiers: the ACD reloads on the events.
        await platform.directory.calls.reload(platform.store, tenantId);
      });
  }

  /**
   * `/api/user/login`: username and password (one password for every family, `NOTES.md` §1), rate
   * limited per username and per address; a success opens a session and records `last_login`.
   */
  async logIn(username: string, password: string, address: string): Promise<LoginOutcome> {
    const { platform } = this;
    const keys = [`user:${username}`, `addr:${address}`];
    const wait = platform.access.limiter.retryAfter(keys);
    if (wait > 0) return { ok: false, status: 429, reason: `Too many failed logins; try again in ${wait} s`, retryAfter: wait };
    const found = await platform.store.getAgentByUsername(username);
    const valid = await verifyPassword(password, found?.passwordHash ?? DUMMY_HASH);
    const agent = found && valid ? platform.directory.agent(found.tenantId, found.agentId) : undefined;
    if (!agent) {
      platform.access.limiter.failed(keys);
      return { ok: false, status: 401, reason: 'Unauthorized' };
    }
    platform.access.limiter.succeeded(keys[0] as string);
    const { tenantId, agentId } = agent;
    const before = platform.pbx.profiles.of(tenantId, agentId);
    if (before.active !== 1) return { ok: false, status: 403, reason: 'Forbidden: the user is not active' };
    const ttlSeconds = before.session_ttl ?? DEFAULT_SESSION_TTL_S;
    const { token } = await platform.access.sessions.open(tenantId, agentId, ttlSeconds);
    // Under the tenant's lock: an update of the user must not write back an older last_login (or lose this one).
    await platform.locks.run(tenantId, async () => {
      if (!platform.directory.agent(tenantId, agentId)) return; // deleted meanwhile: its sessions were closed
      const profile: UserProfile = { ...platform.pbx.profiles.of(tenantId, agentId), last_login: Math.floor(platform.clock.now() / 1000) };
      await commitChange(platform, tenantId, [{ type: 'record.changed', kind: USER_RECORD, key: agentId, change: 'put' }],
        (tx) => platform.pbx.profiles.write(tx, tenantId, agentId, profile),
        () => platform.pbx.profiles.remember(tenantId, agentId, profile));
    });
    return { ok: true, user: await this.view(tenantId, agentId), token, ttlSeconds };
  }

  /** `/api/user/logout`: ends the session of this cookie, if it is one. */
  async logOut(token: string | undefined): Promise<void> {
    if (token !== undefined && token !== '') await this.platform.access.sessions.close(token);
  }

  /** Checks what needs stored state: username free platform-wide, dial plan known, ranges parse. */
  private async checkWrite(tenantId: string, changes: UserChanges, self: Agent | null): Promise<void> {
    checkUserChanges(changes);
    // CCS Named billing: one more agent needs a free max_agents licence (NOTES.md §8).
    if (changes.is_agent === true && !(self !== null && this.platform.pbx.profiles.of(tenantId, self.agentId).is_agent)) {
      checkNewAgent(this.platform.ccs.tenants.of(tenantId).limits, this.platform.ccs.licences.usage(tenantId));
    }
    if (changes.username !== undefined && changes.username !== self?.username) {
      const owner = await this.platform.store.getAgentByUsername(changes.username);
      if (owner && !(owner.tenantId === tenantId && owner.agentId === self?.agentId)) throw new ConflictError(`username: '${changes.username}' is already taken`);
    }
    if (changes.dr_id !== undefined && changes.dr_id !== null && !this.platform.directory.calls.of(tenantId).dialPlans.has(changes.dr_id)) {
      throw new RuleViolationError(`dr_id: dial plan ${changes.dr_id} does not exist`, 'dr_id');
    }
    (changes.api_ip_ranges ?? []).forEach((range, i) => {
      try {
        parseCidr(range);
      } catch (error) {
        throw new RuleViolationError(`api_ip_ranges[${i}]: ${(error as Error).message}`, `api_ip_ranges[${i}]`);
      }
    });
  }

  private agents(tenantId: string): Agent[] {
    return this.platform.directory.agentsPage(tenantId, null, Number.MAX_SAFE_INTEGER).agents.slice().sort((a, b) => a.userId - b.userId);
  }

  private devicesByAgent(tenantId: string): Promise<ReadonlyMap<string, readonly Device[]>> {
    return this.platform.pbx.devices.byAgent(tenantId);
  }

  /** Every agent's tiers, by queue id: one pass over the queues, however many users are listed. */
  private tiersByAgent(tenantId: string): Map<string, UserView['tiers'][number][]> {
    const out = new Map<string, UserView['tiers'][number][]>();
    const queues = [...this.platform.directory.calls.of(tenantId).queues.values()].sort((a, b) => a.id - b.id);
    for (const queue of queues) for (const tier of queue.tiers ?? []) out.set(tier.agentId, [...(out.get(tier.agentId) ?? []), { queue, tier }]);
    return out;
  }

  private viewOf(tenantId: string, agent: Agent, devices: readonly Device[], tiers = this.tiersByAgent(tenantId)): UserView {
    const { directory, pbx } = this.platform;
    const config = directory.calls.of(tenantId);
    return {
      tenant: directory.tenantById(tenantId) as TenantRecord, agent, profile: pbx.profiles.of(tenantId, agent.agentId),
      settings: config.agentSettings.get(agent.agentId), devices, tiers: tiers.get(agent.agentId) ?? [],
    };
  }
}
