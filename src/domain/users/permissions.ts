/**
 * PBX permissions (`pbx-callcenter-api.md`, Authentication; `NOTES.md` §1): a key or session acts
 * with its user's permissions — "Call Center API" for any API request, plus the permission of the
 * module a route manages. A user's permissions are those of its permission group (`pgroup_id`),
 * changed by the user's own `permissions` overrides.
 */
export const Permission = {
  /** Any request through the PBX API. */
  CallCenterApi: 'call_center_api',
  /** `/api/user`: create, change and delete users. */
  Users: 'users',
  /** `/api/phone_list`: phone lists and their leads. */
  PhoneLists: 'phone_lists',
  /** `/api/cc_queue`: queues and their agents. */
  Queues: 'queues',
  /** `/api/cc_agent` acting on another user than oneself (check-in, pauses, queues, wrap-up, originate). */
  Agents: 'agents',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];
export const PERMISSIONS: readonly Permission[] = Object.values(Permission);

/** A built-in permission group (`pgroup_id`). */
export interface PermissionGroup {
  readonly id: number;
  readonly name: string;
  readonly permissions: readonly Permission[];
}

/** The built-in groups; 0 grants nothing (a user whose access comes from overrides only). */
export const PERMISSION_GROUPS: readonly PermissionGroup[] = [
  { id: 0, name: 'None', permissions: [] },
  { id: 1, name: 'Administrator', permissions: PERMISSIONS },
  { id: 2, name: 'Call center supervisor', permissions: [Permission.CallCenterApi, Permission.Agents, Permission.Queues, Permission.PhoneLists] },
  { id: 3, name: 'Agent', permissions: [Permission.CallCenterApi] },
];

/** Per-user overrides: `true` grants, `false` withdraws what the group grants. */
export type PermissionOverrides = Readonly<Partial<Record<Permission, boolean>>>;

export function permissionGroup(id: number): PermissionGroup | undefined {
  return PERMISSION_GROUPS.find((g) => g.id === id);
}

/**
 * The permissions a user holds.
 * @example effectivePermissions(3, { phone_lists: true }); // Set { 'call_center_api', 'phone_lists' }
 */
export function effectivePermissions(groupId: number, overrides: PermissionOverrides): ReadonlySet<Permission> {
  const granted = new Set<Permission>(permissionGroup(groupId)?.permissions ?? []);
  for (const permission of PERMISSIONS) {
    const override = overrides[permission];
    if (override === true) granted.add(permission);
    else if (override === false) granted.delete(permission);
  }
  return granted;
}
