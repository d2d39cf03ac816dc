/* global WebSocket, document, location */
// wstest.html: hold one CCS WebSocket (/6/v2/sock), send requests over it and list what arrives (ccs-api-overview.txt, Terminology).
import { byId, clock, originOf, say, wireLogin } from './testpages.js';

const domain = byId('domain');
const token = byId('token');
const requestText = byId('request');
const connectButton = byId('connect');
const disconnectButton = byId('disconnect');
const connection = byId('connection');
const error = byId('request-error');
const messages = byId('messages');

/** The list keeps the newest entries only: a long session must not grow the page without bound. */
const MAX_ENTRIES = 5000;

/** What the close codes mean, for a close that came without a reason (docs/ccs-events.md; RFC 6455 §7.4.1). */
const CLOSE_MEANINGS = {
  1000: 'normal closure',
  1001: 'going away (server stopping or page leaving)',
  1006: 'abnormal closure: no close frame (server unreachable, upgrade refused, or connection lost)',
  1011: 'server error',
  4008: 'too slow; reconnect and resume',
  4400: 'bad request',
  4401: 'Unauthorized',
  4403: 'Forbidden',
  4408: 'no connect request in time',
};

let socket = null;

domain.value = location.origin;
requestText.value = connectRequest('');

function connectRequest(value) {
  return JSON.stringify({ request: 'connect', token: value });
}

/** Adds one entry to the Response Body list: its time, its kind and its text (JSON pretty-printed). */
function log(kind, text) {
  const item = document.createElement('li');
  item.className = kind;
  const now = new Date();
  const time = document.createElement('time');
  time.dateTime = now.toISOString();
  time.textContent = clock(now);
  const label = document.createElement('span');
  label.className = 'kind';
  label.textContent = kind;
  item.append(time, label);
  let shown = text;
  try {
    shown = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // Not JSON (a status line of ours, or a frame the server should not have sent): shown as it is.
  }
  const pre = document.createElement('pre');
  pre.textContent = shown;
  item.append(pre);
  messages.append(item);
  while (messages.childElementCount > MAX_ENTRIES) messages.firstElementChild.remove();
  messages.scrollTop = messages.scrollHeight;
}

function showState(text, tone) {
  say(connection, text, tone);
  const idle = socket === null;
  connectButton.disabled = !idle;
  disconnectButton.disabled = idle;
}

/** "connection closed 4401 Unauthorized": the code and the server's reason, else what the code means. */
function closeText(event) {
  const reason = event.reason !== '' ? event.reason : (CLOSE_MEANINGS[event.code] ?? 'no reason given');
  return `connection closed ${event.code} ${reason}`;
}

/** Opens the socket to the Domain's /6/v2/sock; resolves once open, rejects (with words) when it cannot. */
function connect() {
  if (socket !== null && socket.readyState === WebSocket.OPEN) return Promise.resolve(socket);
  if (socket !== null) return new Promise((resolve, reject) => waitOpen(socket, resolve, reject));
  const url = `${originOf(domain.value).replace(/^http/, 'ws')}/6/v2/sock`;
  let opened;
  try {
    opened = new WebSocket(url);
  } catch (problem) {
    return Promise.reject(new Error(`Cannot open ${url}: ${problem.message}`));
  }
  socket = opened;
  showState(`Connecting to ${url}…`);
  opened.addEventListener('open', () => {
    log('opened', `connected to ${url}`);
    showState(`Connected to ${url}.`, 'ok');
  });
  opened.addEventListener('message', (event) => log('received', typeof event.data === 'string' ? event.data : '(binary frame)'));
  opened.addEventListener('close', (event) => {
    const text = closeText(event);
    log('closed', text);
    if (socket === opened) socket = null;
    showState(text.replace(/^c/, 'C') + '.', event.code === 1000 ? undefined : 'bad');
  });
  return new Promise((resolve, reject) => waitOpen(opened, resolve, reject));
}

function waitOpen(target, resolve, reject) {
  target.addEventListener('open', () => resolve(target), { once: true });
  target.addEventListener('close', (event) => reject(new Error(`Could not connect: ${closeText(event)}.`)), { once: true });
}

async function send() {
  say(error, '');
  const text = requestText.value.trim();
  if (text === '') {
    say(error, 'The Request is empty: write one JSON message.', 'bad');
    return;
  }
  try {
    JSON.parse(text);
  } catch (problem) {
    say(error, `The Request is not valid JSON: ${problem.message}`, 'bad');
    return;
  }
  try {
    const open = await connect();
    open.send(text);
    log('sent', text);
  } catch (problem) {
    say(error, problem.message, 'bad');
  }
}

byId('request-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void send();
});
requestText.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    byId('request-form').requestSubmit();
  }
});
connectButton.addEventListener('click', () => {
  say(error, '');
  connect().catch((problem) => say(error, problem.message, 'bad'));
});
disconnectButton.addEventListener('click', () => socket?.close(1000, 'closed from the test page'));
byId('clear').addEventListener('click', () => {
  messages.replaceChildren();
  say(error, '');
});

/** A new token goes into the pending request while that is still a connect request; any other request is left alone. */
function tokenChanged() {
  let pending;
  try {
    pending = JSON.parse(requestText.value);
  } catch {
    pending = null;
  }
  if (requestText.value.trim() === '' || (pending !== null && typeof pending === 'object' && pending.request === 'connect')) {
    requestText.value = JSON.stringify({ ...(pending ?? { request: 'connect' }), token: token.value.trim() });
  }
}
token.addEventListener('input', tokenChanged);

wireLogin(domain, (answer) => {
  token.value = answer.token;
  tokenChanged();
});
