import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULTS, parseConfig } from '../../src/app/config.ts';

describe('config', () => {
  it('defaults to 127.0.0.1:8080, an SQLite file and the wall clock', () => {
    expect(parseConfig({}, {})).toEqual(DEFAULTS);
    expect(DEFAULTS).toMatchObject({ host: '127.0.0.1', port: 8080, db: 'switchboard.sqlite', clock: 'wall' });
  });

  it('takes flags over environment variables', () => {
    const env = { SWITCHBOARD_PORT: '9000', SWITCHBOARD_DB: 'postgres://127.0.0.1/x', SWITCHBOARD_CLOCK: 'virtual', SWITCHBOARD_SEED: 'demo' };
    expect(parseConfig({}, env)).toMatchObject({ port: 9000, db: 'postgres://127.0.0.1/x', clock: 'virtual', seed: 'demo' });
    expect(parseConfig({ port: '7000', clock: 'wall' }, env)).toMatchObject({ port: 7000, clock: 'wall' });
  });

  it.each([
    [{ port: 'eighty' }, {}, '--port'],
    [{}, { SWITCHBOARD_PORT: '70000' }, 'SWITCHBOARD_PORT'],
    [{ clock: 'sundial' }, {}, '--clock'],
    [{}, { SWITCHBOARD_LOG_LEVEL: 'loud' }, 'SWITCHBOARD_LOG_LEVEL'],
    [{}, { SWITCHBOARD_ADMIN_TOKEN: 'short' }, 'SWITCHBOARD_ADMIN_TOKEN'],
    [{}, { SWITCHBOARD_TLS_CERT: '/tmp/cert.pem' }, 'SWITCHBOARD_TLS_KEY'],
    [{ db: 'postgres://has space' }, {}, '--db'],
    [{ telephonySeed: '-1' }, {}, '--telephony-seed'],
    [{}, { SWITCHBOARD_TELEPHONY_SEED: 'lucky' }, 'SWITCHBOARD_TELEPHONY_SEED'],
  ])('fails fast naming the bad setting: %j %j', (flags, env, name) => {
    expect(() => parseConfig(flags, env)).toThrow(ConfigError);
    expect(() => parseConfig(flags, env)).toThrow(new RegExp(`^${name}`));
  });

  it('takes a telephony seed from the flag or the environment', () => {
    expect(parseConfig({}, { SWITCHBOARD_TELEPHONY_SEED: '7' }).telephonySeed).toBe(7);
    expect(parseConfig({ telephonySeed: '9' }, { SWITCHBOARD_TELEPHONY_SEED: '7' }).telephonySeed).toBe(9);
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(parseConfig({}, {}))).toBe(true);
  });
});
