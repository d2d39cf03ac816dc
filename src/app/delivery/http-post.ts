import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupAddress } from 'node:dns';

/** One outbound POST: to an address already vetted by the policy (so a DNS change between check and connect can't redirect it). */
export interface PostResult {
  readonly ok: boolean;
  /** Null when no response came (connection refused, timeout). */
  readonly status: number | null;
  /** Why it failed, for `last_error`; null when delivered. */
  readonly error: string | null;
  /** The start of the response body (at most 4 KiB): a CRM connector reads the new record's id from it. */
  readonly text: string;
}

/** Most of an error response kept for `last_error`. */
const ERROR_TEXT_LIMIT = 200;
/** Most of a response kept at all. */
const RESPONSE_LIMIT = 4096;

/**
 * POSTs `body` to `url`, connecting to `address` (the host name still goes in `Host` and TLS SNI).
 * A 2xx is delivered; redirects are not followed (a 3xx is a failure to fix at the receiver).
 * `stop` aborts it (shutdown).
 * @example await postOnce(new URL('https://hooks.example.com/x'), { address: '93.184.216.34', family: 4 }, headers, '{}', 10_000)
 */
export function postOnce(
  url: URL, address: LookupAddress, headers: Record<string, string>, body: string, timeoutMs: number, stop?: AbortSignal,
): Promise<PostResult> {
  const options: RequestOptions = {
    method: 'POST',
    headers: { ...headers, 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Switchboard-Delivery/1' },
    // Node asks for one address, or for all (`autoSelectFamily`); either way it gets the vetted one.
    lookup: (_host, opts, callback) => {
      if ((opts as { all?: boolean }).all) (callback as (e: null, all: LookupAddress[]) => void)(null, [address]);
      else (callback as (e: null, a: string, f: number) => void)(null, address.address, address.family);
    },
    signal: stop ? AbortSignal.any([stop, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = send(url, options, (res) => {
      const status = res.statusCode ?? 0;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => void (text.length < RESPONSE_LIMIT && (text += chunk)));
      res.on('end', () => {
        const ok = status >= 200 && status < 300;
        resolve({ ok, status, error: ok ? null : `HTTP ${status}${text ? `: ${text.slice(0, ERROR_TEXT_LIMIT)}` : ''}`, text: text.slice(0, RESPONSE_LIMIT) });
      });
      res.on('error', (error) => resolve({ ok: false, status, error: `HTTP ${status}, then ${error.message}`, text: '' }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      const aborted = error.name === 'AbortError' || error.name === 'TimeoutError';
      const reason = aborted ? (stop?.aborted ? 'stopped' : `timeout after ${timeoutMs} ms`) : (error.code ?? error.message);
      resolve({ ok: false, status: null, error: `${reason} (${address.address})`, text: '' });
    });
    req.end(body);
  });
}
