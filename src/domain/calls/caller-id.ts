/**
 * Caller ids (`NOTES.md` §4): only the tenant's own channel numbers are presented,
 * so a tenant cannot spoof someone else's number.
 */

/**
 * Digits only, so that formatting does not hide a match.
 * @example numberKey('+1 (201) 555-1212'); // '12015551212'
 */
export function numberKey(value: string): string {
  return value.replace(/\D/g, '');
}

/**
 * The caller id to present for a placed call: the requested number when it is one of the
 * tenant's channels (returned as the channel is configured), else the agent's configured
 * caller id, else null (the telephony presents its own default).
 * @example presentedCallerId('12015551212', ['+12015551212'], '+16175550000'); // '+12015551212'
 * @example presentedCallerId('19995550000', ['+12015551212'], '+16175550000'); // '+16175550000'
 */
export function presentedCallerId(requested: string, channels: readonly string[], agentDefault: string | null): string | null {
  const key = numberKey(requested);
  if (key !== '') {
    const channel = channels.find((candidate) => numberKey(candidate) === key);
    if (channel !== undefined) return channel;
  }
  return agentDefault;
}
