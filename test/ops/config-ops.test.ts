import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

describe('loadConfig: operator settings', () => {
  it('defaults: no health server, 10 s shutdown, log format chosen by the logger', () => {
    const config = loadConfig({});
    expect(config.healthPort).toBeUndefined();
    expect(config.healthHost).toBe('0.0.0.0');
    expect(config.shutdownTimeoutMs).toBe(10_000);
    expect(config.logFormat).toBeUndefined();
  });

  it('reads LOG_FORMAT, HEALTH_PORT, HEALTH_HOST and SHUTDOWN_TIMEOUT_MS', () => {
    const config = loadConfig({ LOG_FORMAT: 'pretty', HEALTH_PORT: '8080', HEALTH_HOST: '127.0.0.1', SHUTDOWN_TIMEOUT_MS: '2500' });
    expect(config).toMatchObject({ logFormat: 'pretty', healthPort: 8080, healthHost: '127.0.0.1', shutdownTimeoutMs: 2500 });
  });

  it.each([
    [{ LOG_FORMAT: 'xml' }, /LOG_FORMAT: "xml" is not one of json, pretty/],
    [{ HEALTH_PORT: 'eighty' }, /HEALTH_PORT must be a whole number/],
    [{ HEALTH_PORT: '70000' }, /HEALTH_PORT must be a whole number/],
    [{ SHUTDOWN_TIMEOUT_MS: '-1' }, /SHUTDOWN_TIMEOUT_MS must be a whole number/],
    [{ STORE_URL: 'data/paperboy.sqlite' }, /STORE_URL must be sqlite:\/\/<file>, memory:\/\/ or postgres:/],
    [{ STORE_URL: 'mysql://u:pw@host/db' }, /STORE_URL must be/],
    [{ STORE_URL: 'sqlite://' }, /STORE_URL must be/],
    [{ STORE_URL: 'postgres://' }, /STORE_URL: a postgres URL must look like/],
  ])('rejects %o naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never repeats a bad STORE_URL that may hold a password', () => {
    expect(() => loadConfig({ STORE_URL: 'mysql://u:hunter2@host/db' })).toThrow(/^(?!.*hunter2)/s);
  });

  it.each(['sqlite://data/x.sqlite', 'sqlite:///app/data/paperboy.sqlite', 'memory://', 'postgres://u:p@db:5432/paperboy', 'postgresql://db/paperboy'])(
    'accepts STORE_URL %s',
    (url) => {
      expect(loadConfig({ STORE_URL: url }).storeUrl).toBe(url);
    },
  );
});
