import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from './config.schema.js';

describe('parseEnv', () => {
  it('applies the embedded defaults when nothing is set', () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(8080);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.LOG_LEVEL).toBe('info');
  });

  it('names a malformed DATABASE_URL in one line', () => {
    expect(() => parseEnv({ DATABASE_URL: 'not a url' })).toThrow(ConfigError);
    expect(() => parseEnv({ DATABASE_URL: 'mysql://x/y' })).toThrow(
      /DATABASE_URL must be a URL like postgres:/,
    );
  });

  it('rejects a port outside the TCP range and a short secret key', () => {
    expect(() => parseEnv({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => parseEnv({ WSNOC_SECRET_KEY: 'abc' })).toThrow(/WSNOC_SECRET_KEY must be 64 hex/);
  });

  it('treats an empty variable as unset', () => {
    expect(parseEnv({ REDIS_URL: '' }).REDIS_URL).toBeUndefined();
  });
});
