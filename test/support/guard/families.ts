import { expect } from 'vitest';
import { ADMIN_TOKEN, DEMO_SECRET } from '../server.ts';

/**
 * What the guard suite knows about each API family: how to build good and bad credentials,
 * and what an error body looks like. A family is picked by the security scheme name of an
 * operation in `/openapi.json` (or, for a public operation, by its path). Adding a family
 * (CCS `ccsBearer`, PBX `pbxApiKey`) means adding one entry to FAMILIES.
 */

/** A credential is whatever a request needs to carry it: headers and/or query parameters. */
export interface Credential {
  label: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

/** A response as the guard saw it. */
export interface Answer {
  status: number;
  contentType: string;
  headers: Headers;
  text: string;
}

/** The request an operation is about to receive: its template and filled path parameters. */
export interface Target {
  path: string;
  params: Record<string, string>;
}

export interface Family {
  name: string;
  /** Paths the family serves, for operations in the document without `security`. */
  paths: RegExp;
  /** Valid credentials for the tenant the path names (or a default tenant). */
  valid(target: Target): Credential;
  /** Credentials that must be refused with 401. */
  wrong(target: Target): Credential[];
  /** Valid credentials of a tenant other than the one the path names; null when the family has no tenant scope or the path names none. */
  otherTenant(target: Target): Credential | null;
  /** `WWW-Authenticate` a 401 carries. */
  challenge: RegExp;
  /** Throws unless `answer` (a 4xx or 5xx) has the family's error shape. */
  checkError(answer: Answer, target: Target): void;
}

export const DEMO_TENANTS = ['acmecorp01', 'supertenantcsm01'] as const;
const DEFAULT_TENANT = 'acmecorp01';
export const FORBIDDEN_XML = '<API><Error>403 - Forbidden.</Error></API>';

const basic = (user: string, secret: string): string => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
const auth = (label: string, value: string): Credential => ({ label, headers: { authorization: value } });

export function mediaType(answer: Answer): string {
  return answer.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
}

function jsonBody(answer: Answer, where: string): Record<string, unknown> {
  expect(mediaType(answer), `${where}: error content type`).toBe('application/json');
  const body = JSON.parse(answer.text) as unknown;
  expect(body !== null && typeof body === 'object' && !Array.isArray(body), `${where}: error body is a JSON object`).toBe(true);
  return body as Record<string, unknown>;
}

/** Exactly these keys, each with the given type (`typeof`, or 'array'). */
function expectShape(body: Record<string, unknown>, shape: Record<string, string>, where: string): void {
  expect(Object.keys(body).sort(), `${where}: error body keys`).toEqual(Object.keys(shape).sort());
  for (const [key, type] of Object.entries(shape)) {
    const actual = Array.isArray(body[key]) ? 'array' : typeof body[key];
    expect(actual, `${where}: type of "${key}"`).toBe(type);
  }
}

function pathTenant(target: Target, names: readonly string[]): string | undefined {
  for (const name of names) if (target.params[name] !== undefined) return target.params[name];
  return undefined;
}

/** Basic credentials of the tenant the path names when it is a demo tenant, else of the default. */
function vccTenant(target: Target): string {
  const named = pathTenant(target, ['tenantId']);
  return DEMO_TENANTS.find((t) => t === named) ?? DEFAULT_TENANT;
}

const vcc: Family = {
  name: 'VCC',
  paths: /^\/api\/v\d+\//,
  valid: (target) => auth('valid Basic', basic(vccTenant(target), DEMO_SECRET)),
  wrong: (target) => [
    auth('right username, wrong token', basic(vccTenant(target), `${DEMO_SECRET}x`)),
    auth('unknown username, demo token', basic('no-such-tenant', DEMO_SECRET)),
    auth('empty token', basic(vccTenant(target), '')),
    auth('no colon', `Basic ${Buffer.from(vccTenant(target)).toString('base64')}`),
    auth('not base64', 'Basic !!!not-base64!!!'),
    auth('scheme only', 'Basic'),
    auth('admin bearer', `Bearer ${ADMIN_TOKEN}`),
    auth('token as bearer', `Bearer ${DEMO_SECRET}`),
  ],
  otherTenant: (target) => {
    const named = pathTenant(target, ['tenantId']);
    const other = DEMO_TENANTS.find((t) => t !== named);
    return named !== undefined && other ? auth(`Basic of ${other}`, basic(other, DEMO_SECRET)) : null;
  },
  challenge: /^Basic /i,
  checkError: (answer, target) => {
    const where = `VCC ${answer.status}`;
    if (answer.status === 403 && mediaType(answer) === 'application/xml') {
      expect(answer.text, `${where}: the documented XML`).toBe(FORBIDDEN_XML);
      return;
    }
    const body = jsonBody(answer, where);
    // Calls routes answer `{reasons: [...], message}`; agent status `{reason, change-status, message}` (NOTES.md §1).
    if (/\/calls(\/|$)/.test(target.path)) {
      expectShape(body, { reasons: 'array', message: 'string' }, where);
      return;
    }
    expectShape(body, { reason: 'string', 'change-status': 'number', message: 'string' }, where);
    expect(body['change-status'], `${where}: change-status equals the HTTP status`).toBe(answer.status);
  },
};

const admin: Family = {
  name: 'admin',
  paths: /^\/admin\//,
  valid: () => auth('admin bearer', `Bearer ${ADMIN_TOKEN}`),
  wrong: () => [
    auth('wrong token', `Bearer ${ADMIN_TOKEN}x`),
    auth('token prefix', `Bearer ${ADMIN_TOKEN.slice(0, -1)}`),
    auth('scheme only', 'Bearer'),
    auth('token without scheme', ADMIN_TOKEN),
    auth('demo tenant Basic', basic(DEFAULT_TENANT, DEMO_SECRET)),
    auth('admin token as Basic', basic('admin', ADMIN_TOKEN)),
  ],
  otherTenant: () => null, // the admin token is not scoped to a tenant
  challenge: /^Bearer /i,
  checkError: (answer) => {
    const where = `admin ${answer.status}`;
    const body = jsonBody(answer, where);
    expectShape(body, { error: 'number', message: 'string' }, where);
    expect(body.error, `${where}: "error" equals the HTTP status`).toBe(answer.status);
  },
};

const key = (label: string, value: string): Credential => ({ label, query: { api_key: value } });

/** PBX: `api_key` of the demo's "PBX API" user on `acmecorp01` (NOTES.md §9); ids, not paths, name the tenant's resources. */
const pbx: Family = {
  name: 'PBX',
  paths: /^\/api\/(?!v\d+\/)/,
  valid: () => key('demo api_key', DEMO_SECRET),
  wrong: () => [
    key('wrong key', `${DEMO_SECRET}x`),
    key('key prefix', DEMO_SECRET.slice(0, -1)),
    { label: 'no key, forged session cookie', headers: { cookie: 'switchboard_session=forged' } },
    auth('VCC Basic instead of a key', basic(DEFAULT_TENANT, DEMO_SECRET)),
    auth('admin bearer instead of a key', `Bearer ${ADMIN_TOKEN}`),
  ],
  otherTenant: () => null,
  challenge: /^ApiKey /i,
  checkError: (answer) => {
    const where = `PBX ${answer.status}`;
    const body = jsonBody(answer, where);
    expectShape(body, { success: 'boolean', msg: 'string' }, where);
    expect(body.success, `${where}: success is false`).toBe(false);
  },
};

/** The demo's CCS tenants by uuid (`src/app/demo-ccs.ts`); acmecorp01's uuid is random, so it is found at run time. */
export const CCS_TENANTS = { ccslab15: '327241fd-1234-46fe-9276-cc65dac6feae', ccsdemo02: 'c255052e-c560-4340-b73e-675eabc3aed3' } as const;

/**
 * CCS bearer tokens for the guard, issued straight from the platform (not through `/login`, which
 * the guard fuzzes until its rate limit answers 429) and re-issued after accepted writes (a fuzzed
 * `/logout` revokes the token it was sent with). `tenant`: the ccsdemo02 admin; `telco`: the
 * Broadview telco user; `foreign`: acmecorp01's tenant admin, foreign to the ccsdemo02 paths.
 */
export const ccsTokens = { tenant: '', telco: '', foreign: '' };

const bearer = (label: string, token: string): Credential => auth(label, `Bearer ${token}`);

const ccs: Family = {
  name: 'CCS',
  paths: /^\/6\//,
  valid: (target) => (target.params.tenantUuid !== undefined ? bearer('telco user token', ccsTokens.telco) : bearer('tenant admin token', ccsTokens.tenant)),
  wrong: () => [
    bearer('unknown token', `${ccsTokens.tenant}x`),
    bearer('token prefix', ccsTokens.tenant.slice(0, -1)),
    auth('scheme only', 'Bearer'),
    auth('token without scheme', ccsTokens.tenant),
    auth('token as Basic', basic('admin@ccsdemo02', ccsTokens.tenant)),
    auth('admin bearer', `Bearer ${ADMIN_TOKEN}`),
    auth('demo secret as bearer', `Bearer ${DEMO_SECRET}`),
  ],
  otherTenant: (target) => (target.params.tenantUuid === CCS_TENANTS.ccsdemo02 ? bearer("acmecorp01 admin's token", ccsTokens.foreign) : null),
  challenge: /^Bearer /i,
  checkError: (answer) => {
    const where = `CCS ${answer.status}`;
    const body = jsonBody(answer, where);
    if (answer.status === 401) {
      expect(body, `${where}: the documented body`).toEqual({ status: 401, reason: 'Unauthorized' });
      return;
    }
    expectShape(body, { success: 'boolean', reason: 'string' }, where);
    expect(body.success, `${where}: success is false`).toBe(false);
  },
};

/**
 * The agent workspace's session cookie for the guard, opened straight from the platform (the login
 * route is fuzzed into its rate limit) for the demo supervisor Sam, who may use every workspace
 * route, and re-opened after accepted writes (a fuzzed `/logout` ends the session it was sent with).
 */
export const workspaceSession = { cookie: '' };

const cookie = (label: string, value: string): Credential => ({ label, headers: { cookie: value } });

const workspace: Family = {
  name: 'workspace',
  paths: /^\/AGUI\//,
  valid: () => cookie('supervisor session', workspaceSession.cookie),
  wrong: () => [
    cookie('forged session', 'switchboard_session=forged'),
    cookie('session prefix', workspaceSession.cookie.slice(0, -1)),
    cookie('empty session', 'switchboard_session='),
    cookie('other cookie name', workspaceSession.cookie.replace('switchboard_session', 'session')),
    auth('VCC Basic instead of a session', basic(DEFAULT_TENANT, DEMO_SECRET)),
    auth('admin bearer instead of a session', `Bearer ${ADMIN_TOKEN}`),
  ],
  otherTenant: () => null, // a session acts on its own user only; no path names a tenant
  challenge: /^Session /i,
  checkError: (answer) => {
    const where = `workspace ${answer.status}`;
    const body = jsonBody(answer, where);
    const { field, ...rest } = body;
    expectShape(rest, { success: 'boolean', reason: 'string' }, where);
    expect(body.success, `${where}: success is false`).toBe(false);
    if (field !== undefined) expect(typeof field, `${where}: field is a string`).toBe('string');
  },
};

/** Security scheme name (components.securitySchemes) → family. */
export const FAMILIES: Record<string, Family> = { vccBasic: vcc, adminBearer: admin, pbxApiKey: pbx, ccsBearer: ccs, workspaceSession: workspace };

/** The family an operation belongs to: by its security scheme, else by its path. */
export function familyOf(spec: Record<string, unknown>, path: string): { family: Family; secured: boolean } {
  const security = (spec.security ?? []) as Record<string, unknown>[];
  const scheme = security.flatMap((s) => Object.keys(s))[0];
  if (scheme !== undefined) {
    const family = FAMILIES[scheme];
    if (!family) throw new Error(`security scheme '${scheme}' has no entry in FAMILIES (test/support/guard/families.ts)`);
    return { family, secured: true };
  }
  const family = Object.values(FAMILIES).find((f) => f.paths.test(path));
  if (!family) throw new Error(`public operation ${path} matches no family's paths (test/support/guard/families.ts)`);
  return { family, secured: false };
}
