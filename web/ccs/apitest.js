/* global Headers, location, performance */
// apitest.html: send one CCS REST request and show the answer (ccs-api-overview.txt, Terminology).
import { byId, originOf, request, say, wireLogin } from './testpages.js';

const domain = byId('domain');
const tenant = byId('tenant');
const method = byId('method');
const path = byId('path');
const headers = byId('headers');
const body = byId('body');
const submit = byId('submit');
const error = byId('request-error');
const statusLine = byId('status-line');
const responseHeaders = byId('response-headers');
const responseBody = byId('response-body');

domain.value = location.origin;

/** The path's tenant placeholders filled from Tenant Domain; the document writes `<tenant_uuid>` and `<tenant_id >`. */
function fillPath(text, tenantUuid) {
  const placeholder = /<\s*tenant_(?:uuid|id)\s*>|\{tenant\}/g;
  if (text.search(placeholder) >= 0 && tenantUuid === '') throw new Error('The path has a tenant placeholder: fill in Tenant Domain (the tenant uuid).');
  const filled = text.trim().replace(placeholder, encodeURIComponent(tenantUuid));
  // A path pasted with its prefix ("/6/v2/api/extensions") is meant relative to the API all the same.
  return filled.replace(/^\/+/, '').replace(/^6\/v2\/api\//, '');
}

/** Request Headers as [name, value] pairs; a malformed line is an error that names the line. */
function parseHeaders(text) {
  const pairs = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const match = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*:\s*(.*?)\s*$/.exec(line);
    if (match === null) throw new Error(`Request Headers, line ${index + 1}: expected "Name: value", got "${line.trim()}".`);
    pairs.push([match[1], match[2]]);
  });
  return pairs;
}

/** The request to send, or an Error in words saying what to fix. */
function buildRequest() {
  const verb = method.value;
  const url = `${originOf(domain.value)}/6/v2/api/${fillPath(path.value, tenant.value.trim())}`;
  const sent = new Headers();
  for (const [name, value] of parseHeaders(headers.value)) sent.append(name, value);
  const text = body.value.trim();
  const withBody = text !== '' && verb !== 'GET';
  if (withBody) {
    try {
      JSON.parse(text);
    } catch (problem) {
      throw new Error(`Request Body is not valid JSON: ${problem.message}`);
    }
    if (!sent.has('content-type')) sent.set('content-type', 'application/json');
  }
  return { verb, url, init: { method: verb, headers: sent, ...(withBody && { body: text }) }, skippedBody: text !== '' && !withBody };
}

/** A JSON body pretty-printed; anything else as it came. */
function pretty(text) {
  if (text === '') return '(empty body)';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function clearResponse() {
  say(statusLine, '');
  responseHeaders.textContent = '';
  responseBody.textContent = '';
}

async function send() {
  say(error, '');
  let built;
  try {
    built = buildRequest();
  } catch (problem) {
    say(error, problem.message, 'bad');
    return;
  }
  submit.disabled = true;
  clearResponse();
  say(statusLine, `Sending ${built.verb} ${built.url}…`);
  const started = performance.now();
  try {
    const response = await request(built.url, built.init);
    const text = await response.text();
    const took = Math.round(performance.now() - started);
    const note = built.skippedBody ? ' (Request Body not sent with GET)' : '';
    say(statusLine, `${response.status} ${response.statusText} — ${built.verb} ${built.url} — ${took} ms${note}`, response.ok ? 'ok' : 'bad');
    responseHeaders.textContent = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
    responseBody.textContent = pretty(text);
  } catch (problem) {
    say(statusLine, '');
    say(error, problem.message, 'bad');
  } finally {
    submit.disabled = false;
  }
}

byId('request-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void send();
});
// Enter in a textarea is a new line; Ctrl+Enter (Cmd+Enter) submits from there too.
for (const area of [headers, body]) {
  area.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      byId('request-form').requestSubmit();
    }
  });
}
byId('clear').addEventListener('click', () => {
  clearResponse();
  say(error, '');
});

wireLogin(domain, (answer) => {
  const lines = headers.value.split('\n').filter((line) => line.trim() !== '' && !/^\s*authorization\s*:/i.test(line));
  headers.value = [`Authorization: Bearer ${answer.token}`, ...lines].join('\n');
  // A tenant-level user has one tenant: fill it in so /tenants/<tenant_uuid>/... paths work at once.
  if (tenant.value.trim() === '' && typeof answer.user.tenant_id === 'string') tenant.value = answer.user.tenant_id;
});
