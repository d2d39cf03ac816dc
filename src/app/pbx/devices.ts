import { DEVICE_RECORD, type Device } from '../../domain/users/device.ts';
import type { Core } from '../core.ts';

/**
 * The tenants' PBX devices by user, read once per tenant and kept until the log says a device
 * changed (`record.changed` of kind `device`, committed by whoever wrote it): user records list
 * their devices on every read, which must not cost a store query each.
 * @example (await devices.byAgent(tenant.id)).get(agent.agentId); // [{ id: 206, name: "Avery's desk phone", … }]
 */
export class Devices {
  private readonly cache = new Map<string, Promise<ReadonlyMap<string, readonly Device[]>>>();

  constructor(private readonly core: Core) {
    core.bus.subscribe((logged) => {
      if (logged.event.type === 'record.changed' && logged.event.kind === DEVICE_RECORD) this.cache.delete(logged.tenantId);
    });
  }

  byAgent(tenantId: string): Promise<ReadonlyMap<string, readonly Device[]>> {
    let cached = this.cache.get(tenantId);
    if (!cached) {
      cached = this.load(tenantId);
      this.cache.set(tenantId, cached);
      cached.catch(() => this.cache.delete(tenantId));
    }
    return cached;
  }

  private async load(tenantId: string): Promise<ReadonlyMap<string, readonly Device[]>> {
    const out = new Map<string, Device[]>();
    for (const r of await this.core.store.listRecords<Device>(tenantId, DEVICE_RECORD)) {
      if (r.body.agentId !== null) out.set(r.body.agentId, [...(out.get(r.body.agentId) ?? []), r.body]);
    }
    return out;
  }
}
