/** Options of the CCS WebSocket endpoint (`/6/v2/sock`); merged once over the defaults. */
export interface CcsSockOptions {
  /** How often the server pings each client (and re-checks its token); a client that did not pong since the last ping is dropped. */
  readonly heartbeatMs: number;
  /**
   * A client whose socket holds more unsent bytes than this is too slow: closed 4008. Bytes, not
   * frames, bound the memory; counting frames needed a callback per frame per client, which cost a
   * fifth of the fan-out's CPU (bench:sock).
   */
  readonly maxBufferedBytes: number;
  /** How long a new connection may take to send its connect request (then 4408). */
  readonly connectTimeoutMs: number;
  /** How far behind a tenant's last seq a resume position may be (older: `resumed:false`). */
  readonly retentionEvents: number;
}

/** The documented values (`docs/ccs-events.md`). */
export const DEFAULT_CCS_SOCK_OPTIONS: CcsSockOptions = {
  heartbeatMs: 30_000,
  maxBufferedBytes: 4 * 1024 * 1024,
  connectTimeoutMs: 10_000,
  retentionEvents: 100_000,
};

/**
 * The endpoint's options: the defaults with the given ones over them.
 * @example sockOptions({ heartbeatMs: 200 }).maxBufferedBytes; // 4194304
 */
export function sockOptions(options: Partial<CcsSockOptions> = {}): CcsSockOptions {
  return { ...DEFAULT_CCS_SOCK_OPTIONS, ...options };
}
