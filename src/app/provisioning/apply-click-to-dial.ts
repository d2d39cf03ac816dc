import type { Platform } from '../platform.ts';
import type { TenantDocument } from './schema.ts';

/**
 * The tenant file's `clickToDial` sections (docs/tenant-file.md): each tenant's click-to-dial
 * settings, changed only where the section names a field. Answers the tenants whose settings changed.
 * @example await applyClickToDialSections(platform, { tenants: [{ name: 'acmecorp01', clickToDial: { autoLogsPhone: true } }] });
 */
export async function applyClickToDialSections(platform: Platform, document: TenantDocument): Promise<Set<string>> {
  const changed = new Set<string>();
  for (const spec of document.tenants) {
    if (spec.clickToDial === undefined) continue;
    const tenant = platform.directory.tenantByName(spec.name);
    if (tenant === undefined) continue;
    const before = JSON.stringify(await platform.clickToDial.settings.of(tenant.id));
    const after = JSON.stringify(await platform.clickToDial.settings.update(tenant.id, spec.clickToDial));
    if (before !== after) changed.add(spec.name);
  }
  return changed;
}
