import type { StreamPosition } from '../../../app/ccs/ws/tenant-stream.ts';

/** A parsed connect request, or the reason it is not one (closed 4400). */
export type ConnectRequest = { readonly token: string; readonly resume: ReadonlyMap<string, StreamPosition> } | { readonly refusal: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isSeq = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

function positionOf(value: unknown): StreamPosition | undefined {
  if (isSeq(value)) return { seq: value, n: Infinity };
  if (isRecord(value) && isSeq(value.seq) && isSeq(value.n)) return { seq: value.seq, n: value.n };
  return undefined;
}

/**
 * Reads the client's first message: `{"request":"connect","token":"…","resume":{"<tenant uuid>":{"seq":n,"n":k}|n}}`.
 * @example parseConnect('{"request":"connect","token":"abc"}'); // { token: 'abc', resume: Map {} }
 */
export function parseConnect(text: string): ConnectRequest {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return { refusal: 'the first message must be a JSON connect request' };
  }
  if (!isRecord(message) || message.request !== 'connect') return { refusal: 'the first message must be {"request":"connect","token":"..."}' };
  if (typeof message.token !== 'string' || message.token === '') return { refusal: 'the connect request needs a "token" (from POST /6/v2/api/login)' };
  const resume = new Map<string, StreamPosition>();
  if (message.resume !== undefined) {
    if (!isRecord(message.resume)) return { refusal: '"resume" must be an object of tenant uuids to positions' };
    for (const [uuid, value] of Object.entries(message.resume)) {
      const position = positionOf(value);
      if (!position) return { refusal: `"resume"."${uuid}" must be a seq (a whole number) or {"seq": <n>, "n": <k>}` };
      resume.set(uuid, position);
    }
  }
  return { token: message.token, resume };
}
