import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How pushed messages are signed (`NOTES.md` §6, `docs/delivery.md`):
 * `X-Switchboard-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>`.
 */
export const HEADERS = {
  eventId: 'x-switchboard-event-id',
  timestamp: 'x-switchboard-timestamp',
  signature: 'x-switchboard-signature',
} as const;

/**
 * The signature header's value for a body sent at `timestamp` (seconds since the epoch).
 * @example sign('s3cret', 1767600000, '{"a":1}') // 'v1=…64 hex digits'
 */
export function sign(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does: recompute and compare in constant time.
 * @example verify('s3cret', req.headers['x-switchboard-timestamp'], rawBody, req.headers['x-switchboard-signature'])
 */
export function verify(secret: string, timestamp: string | number, body: string, signature: string): boolean {
  const expected = Buffer.from(sign(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * The headers of one attempt; the event id is the message id, the same on every retry.
 * @example deliveryHeaders(message.messageId, destination.secret, JSON.stringify(message.body), Date.now())
 */
export function deliveryHeaders(messageId: string, secret: string, body: string, nowMs: number, contentType = 'application/json'): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  return {
    'content-type': contentType,
    [HEADERS.eventId]: messageId,
    [HEADERS.timestamp]: String(timestamp),
    [HEADERS.signature]: sign(secret, timestamp, body),
  };
}
