import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { NameValue } from '../../domain/calls/interaction.ts';
import { readRequestData } from '../../domain/click-to-dial/system-data.ts';
import { parseUserData } from '../../domain/click-to-dial/userdata.ts';
import { RuleViolationError } from '../../domain/errors.ts';
import type { Platform } from '../../app/platform.ts';
import { requireTenantById } from '../../app/workspace/agent-view.ts';
import { toFailure } from '../http/failures.ts';
import { sessionCaller, type WorkspaceCaller } from './auth.ts';
import { page, pageHeaders } from './html-page.ts';

/** What `make_call.php` reads (`vcc-click-to-dial.txt`, Query Parameters): GET, and two also from a POST form. */
interface MakeCallParams {
  readonly prefix: string;
  readonly phone: string;
  readonly callerId: string;
  readonly dialPlanId: number | null;
  readonly queueId: number | null;
  readonly ctlUserData: readonly NameValue[];
  readonly extTransactionData: readonly NameValue[];
}

const DIGITS = /^[0-9]*$/;
const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

function digits(query: URLSearchParams, name: string, required = false): string {
  const value = (query.get(name) ?? '').trim();
  if (required && value === '') throw new RuleViolationError(`${name} is required: the number to call`, name);
  if (!DIGITS.test(value)) throw new RuleViolationError(`${name} takes digits only; "${value}" was given`, name);
  return value;
}

function id(query: URLSearchParams, name: string): number | null {
  const value = digits(query, name);
  return value === '' ? null : Number(value);
}

/** `phone`: "any phone number (formatted or non-formatted)" — spaces, dots, dashes and brackets go. */
function phoneOf(query: URLSearchParams): string {
  const raw = (query.get('phone') ?? '').trim();
  const phone = raw.replace(/[\s().-]/g, '');
  if (phone === '') throw new RuleViolationError('phone is required: the number to call', 'phone');
  if (!/^\+?[0-9]{1,20}$/.test(phone)) throw new RuleViolationError(`phone "${raw}" is not a phone number`, 'phone');
  return phone;
}

/** The request's parameters: the query string, and for `ctl_userdata`/`extTransactionData` a POST form too. */
function paramsOf(request: FastifyRequest): MakeCallParams {
  const query = new URLSearchParams(request.url.split('?')[1] ?? '');
  const form = typeof request.body === 'string' ? new URLSearchParams(request.body) : new URLSearchParams();
  const pairs = (name: string) => {
    const value = form.get(name) ?? query.get(name);
    return value === null || value.trim() === '' ? [] : parseUserData(value, name);
  };
  const ctlUserData = pairs('ctl_userdata');
  readRequestData(ctlUserData); // refuses a bad ctl_launchopt or ctl_callbackUrl now, not after the call
  return {
    prefix: digits(query, 'prefix'), phone: phoneOf(query), callerId: digits(query, 'callerId'),
    dialPlanId: id(query, 'dialplan_id'), queueId: id(query, 'queue_id'), ctlUserData, extTransactionData: pairs('extTransactionData'),
  };
}

/**
 * Why a request may not place a call before anything else is read: plain HTTP off loopback (the
 * document: HTTPS only; loopback stays usable for development), or a request a browser makes for a
 * page element rather than as a page (`Sec-Fetch-Mode` other than `navigate`: an `<img>`, a
 * script, a fetch) — on top of `SameSite=Lax`, which keeps the cookie off cross-site ones.
 */
function refusal(request: FastifyRequest): { status: number; reason: string } | null {
  if (request.protocol !== 'https' && !LOOPBACK.test(request.ip)) {
    return { status: 403, reason: 'Click-to-dial needs HTTPS: open this link with https:// (plain HTTP is accepted from this machine only).' };
  }
  const mode = request.headers['sec-fetch-mode'];
  if (mode !== undefined && mode !== 'navigate') return { status: 403, reason: 'Click-to-dial runs only as a page you open, not from an image, script or request inside another page.' };
  return null;
}

async function place(platform: Platform, caller: WorkspaceCaller, params: MakeCallParams): Promise<string> {
  const tenant = requireTenantById(platform, caller.tenantId);
  const placed = await platform.calls.place(tenant, {
    agentId: caller.agentId, prefix: params.prefix, number: params.phone, callerId: params.callerId, queueId: params.queueId,
    dialPlanId: params.dialPlanId, forceCall: false, extTransactionData: params.extTransactionData, ctlUserData: params.ctlUserData,
  });
  return platform.calls.engine.registry.get(caller.tenantId, placed.interactionGuid)?.destination ?? `${params.prefix}${params.phone}`;
}

/**
 * `GET|POST /AGUI/make_call.php` (`vcc-click-to-dial.txt`): places a call for the agent whose
 * workspace session the browser carries; the answer is a page telling the agent to close the
 * window while their phone rings. No session: a page that says to log in, and no call. A bad
 * parameter (`ctl_userdata` included: unbalanced brackets, an empty name) places nothing and says
 * which field is wrong (`NOTES.md` §5).
 * @example await app.register(makeCallRoute, { prefix: '/AGUI', platform });
 */
export async function makeCallRoute(app: FastifyInstance, { platform }: { platform: Platform }): Promise<void> {
  // POST forms are read as text here, so both sources go through one parser.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const answer = (status: number, title: string, lines: readonly string[]) => reply.code(status).headers(pageHeaders()).send(page(title, lines));
    const refused = refusal(request);
    if (refused) return answer(refused.status, 'Call not placed', [refused.reason]);
    const caller = sessionCaller(platform, request.headers);
    if (caller === null) return answer(401, 'Log in first', ['Log in to the agent workspace in this browser, then open the link again. No call was placed.']);
    try {
      const destination = await place(platform, caller, paramsOf(request));
      return answer(200, 'Calling…', [`Your phone is ringing: answer it, and ${destination} will be dialled.`, 'You can close this window.']);
    } catch (error) {
      const failure = toFailure(error);
      if (!failure) throw error;
      return answer(failure.statusCode, 'Call not placed', [failure.reason]);
    }
  };
  app.get('/make_call.php', { schema: { hide: true } }, handler);
  app.post('/make_call.php', { schema: { hide: true } }, handler);
}

