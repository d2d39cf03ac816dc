import { Type, type Static } from '@sinclair/typebox';

/** Path parameters the CCS routes share (ids are never refused for their form, `NOTES.md` §2: an unknown one is a 404). */
const uuid = (description: string) => Type.String({ minLength: 1, maxLength: 64, description });

export const TenantParams = Type.Object({ tenantUuid: uuid('the tenant\'s CCS uuid') });
export type TenantParams = Static<typeof TenantParams>;

export const ExtensionParams = Type.Object({ tenantUuid: uuid('the tenant\'s CCS uuid'), extensionUuid: uuid('the extension\'s uuid (`GET .../extensions`)') });
export type ExtensionParams = Static<typeof ExtensionParams>;

/** An extension of the caller's own tenant (tenant-level routes). */
export const OwnExtensionParams = Type.Object({ extensionUuid: uuid('the extension\'s uuid (`GET /extensions`)') });
export type OwnExtensionParams = Static<typeof OwnExtensionParams>;
