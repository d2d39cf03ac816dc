/* global document, location */
// What apitest.html and wstest.html share: the Domain field, the "Log in" helper and how outcomes are shown.
// Plain ES module, no build step: the server sends this file as it is (src/api/ccs/pages.ts).

/** The element with this id; a missing one is a bug in the page, so say which. */
export function byId(id) {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`page element #${id} is missing`);
  return element;
}

/**
 * The origin the Domain field names: empty means this page's own origin; a bare host ("example.com:8080")
 * gets this page's scheme. Throws an Error whose message can be shown as it is.
 */
export function originOf(domain) {
  const text = domain.trim();
  if (text === '') return location.origin;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `${location.protocol}//${text}`;
  let url;
  try {
    url = new URL(withScheme);
  } catch {
    throw new Error(`Domain "${text}" is not a URL or host name`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`Domain must be an http:// or https:// address, not ${url.protocol}//`);
  return url.origin;
}

/** A fetch that explains a network failure in words (the browser only says "Failed to fetch"). */
export async function request(url, init) {
  try {
    return await fetch(url, init);
  } catch (error) {
    const sameOrigin = new URL(url).origin === location.origin;
    const why = sameOrigin
      ? 'the server did not answer (is it running?)'
      : 'it is another server: this page may only talk to the server that served it (Content-Security-Policy)';
    throw new Error(`Could not reach ${url}: ${why}. (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** "401 Unauthorized: <reason>" from a refused answer's status and its JSON `reason`, when it has one. */
export async function refusal(response) {
  const text = await response.text();
  let reason = '';
  try {
    const body = JSON.parse(text);
    if (body !== null && typeof body === 'object' && typeof body.reason === 'string') reason = body.reason;
  } catch {
    reason = text.slice(0, 200);
  }
  const head = `${response.status} ${response.statusText}`.trim();
  return reason === '' || reason === response.statusText ? head : `${head}: ${reason}`;
}

/** The local time of a moment as HH:MM:SS.mmm, for log lines. */
export function clock(date) {
  const pad = (n, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** Shows a message in a status or error line (both are live regions, so screen readers announce it). */
export function say(element, text, tone) {
  element.textContent = text;
  element.classList.toggle('ok', tone === 'ok');
  element.classList.toggle('bad', tone === 'bad');
}

/**
 * Wires the "Log in" form (#login-form with #username, #password, #login-status): POST /6/v2/api/login on the
 * Domain's server, then `onLogin({token, user, expires_at})`. Errors are shown in #login-status in words.
 */
export function wireLogin(domainInput, onLogin) {
  const form = byId('login-form');
  const status = byId('login-status');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const username = byId('username').value.trim();
    const password = byId('password').value;
    if (username === '' || password === '') {
      say(status, 'Log in needs a username and a password.', 'bad');
      return;
    }
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    say(status, `Logging in as ${username}…`);
    try {
      const url = `${originOf(domainInput.value)}/6/v2/api/login`;
      const response = await request(url, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
      });
      if (!response.ok) throw new Error(`Login failed: ${await refusal(response)}`);
      const answer = await response.json();
      onLogin(answer);
      const where = answer.user.level === 'telco' ? 'telco level' : `tenant level, tenant ${answer.user.tenant_id}`;
      say(status, `Logged in as ${answer.user.username} (${where}); the token expires at ${answer.expires_at}.`, 'ok');
    } catch (error) {
      say(status, error instanceof Error ? error.message : String(error), 'bad');
    } finally {
      button.disabled = false;
    }
  });
}
