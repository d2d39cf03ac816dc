import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../app/platform.ts';
import { SYSTEM_ROLES, type Requirement } from '../../../domain/ccs/permissions.ts';
import { requireCcs } from '../auth.ts';
import { ccsErrors, listOf } from '../envelope.ts';
import { ProductList, RoleList } from './schemas.ts';

const tags = ['CCS tenants'];
const security = [{ ccsBearer: [] }];
/** 4.1, 4.2: "API, Tenant Edit". */
const TENANT_EDIT: Requirement = { all: ['api', 'tenant_edit'] };

/**
 * The platform-wide lists (`ccs-api-overview.txt` 4.1, 4.2): `GET /products/` (the product
 * catalogue) and `GET /roles/` (the system roles).
 */
export async function catalogueRoutes(app: FastifyInstance, options: { platform: Platform }): Promise<void> {
  const { platform } = options;

  app.get('/products', {
    schema: { tags, security, summary: 'List all products (4.1)', response: { 200: ProductList, ...ccsErrors } },
  }, async (request) => {
    requireCcs(request, TENANT_EDIT);
    return listOf(platform.ccs.catalogue.products().map((p) => ({ uuid: p.uuid, notes: p.notes, name: p.name })));
  });

  app.get('/roles', {
    schema: { tags, security, summary: 'List all (system) roles (4.2)', description: 'The system roles: Tenant Admin, Telco Admin and API. A tenant\'s own roles are at `GET /tenants/<tenant_uuid>/roles`.', response: { 200: RoleList, ...ccsErrors } },
  }, async (request) => {
    requireCcs(request, TENANT_EDIT);
    return listOf(SYSTEM_ROLES.map((r) => ({ uuid: r.uuid, name: r.name })));
  });
}
