import { SYSTEM_LIST_ID } from '../../domain/reason-codes.ts';
import type { Directory } from '../directory.ts';
import { SchemaError } from '../schema-check.ts';
import type { TenantDocument, TenantSpec } from './schema.ts';

export { isTimeZone } from '../../domain/users/user-profile.ts';
import { isTimeZone } from '../../domain/users/user-profile.ts';

function duplicates<T>(values: readonly T[]): T | undefined {
  const seen = new Set<T>();
  for (const v of values) {
    if (seen.has(v)) return v;
    seen.add(v);
  }
  return undefined;
}

/** Cross-reference checks the schema can't express; errors name the field. */
export function checkDocument(doc: TenantDocument, directory: Directory): void {
  const dupTenant = duplicates(doc.tenants.map((t) => t.name));
  if (dupTenant !== undefined) throw new SchemaError('tenants', `name '${dupTenant}' appears twice`);
  doc.tenants.forEach((tenant, i) => checkTenant(tenant, `tenants[${i}]`, directory));
}

function checkTenant(spec: TenantSpec, at: string, directory: Directory): void {
  if (spec.timezone !== undefined && !isTimeZone(spec.timezone)) {
    throw new SchemaError(`${at}.timezone`, `'${spec.timezone}' is not an IANA time zone`);
  }
  if (spec.actionRequestToken !== undefined && spec.actionRequestTokenSha256 !== undefined) {
    throw new SchemaError(`${at}.actionRequestToken`, 'give either actionRequestToken or actionRequestTokenSha256, not both');
  }
  const existing = directory.tenantByName(spec.name);
  const lists = spec.statusCodeLists ?? [];
  const knownLists = new Set([SYSTEM_LIST_ID, ...lists.map((l) => l.id), ...(existing ? directory.catalogue(existing.id).allLists().map((l) => l.id) : [])]);
  lists.forEach((list, i) => {
    if (list.id === 0) throw new SchemaError(`${at}.statusCodeLists[${i}].id`, 'list ids start at 1 (-1 is the system list)');
    const dupItem = duplicates(list.items.map((it) => it.id));
    if (dupItem !== undefined) throw new SchemaError(`${at}.statusCodeLists[${i}].items`, `item id ${dupItem} appears twice`);
  });
  const dupList = duplicates(lists.map((l) => l.id));
  if (dupList !== undefined) throw new SchemaError(`${at}.statusCodeLists`, `list id ${dupList} appears twice`);
  const groups = spec.agentGroups ?? [];
  groups.forEach((group, g) =>
    group.statusCodeLists.forEach((listId, k) => {
      if (!knownLists.has(listId)) throw new SchemaError(`${at}.agentGroups[${g}].statusCodeLists[${k}]`, `status code list ${listId} does not exist`);
    }),
  );
  const knownGroups = new Set([...groups.map((g) => g.id), ...(existing ? directory.groups(existing.id).map((g) => g.id) : [])]);
  const agents = spec.agents ?? [];
  agents.forEach((agent, a) => {
    if (agent.agentId === undefined && agent.username === undefined) {
      throw new SchemaError(`${at}.agents[${a}]`, 'needs an agentId or a username (to find it again when the file is applied twice)');
    }
    if (agent.group !== undefined && agent.group !== null && !knownGroups.has(agent.group)) {
      throw new SchemaError(`${at}.agents[${a}].group`, `agent group ${agent.group} does not exist`);
    }
  });
  const dupAgent = duplicates(agents.flatMap((a) => (a.agentId ? [a.agentId] : [])));
  if (dupAgent !== undefined) throw new SchemaError(`${at}.agents`, `agentId '${dupAgent}' appears twice`);
  const dupUser = duplicates(agents.flatMap((a) => (a.username ? [a.username] : [])));
  if (dupUser !== undefined) throw new SchemaError(`${at}.agents`, `username '${dupUser}' appears twice`);
}
