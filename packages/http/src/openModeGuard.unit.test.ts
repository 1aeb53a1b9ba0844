import { isLoopbackName, openModeRefusal, parseHost } from './openModeGuard';

describe('openModeRefusal', () => {
  const local = { host: '127.0.0.1:8080' };
  it('lets a local client in: loopback names in any case, IPv6, no Origin or its own', () => {
    for (const host of ['127.0.0.1:8080', 'localhost:8080', 'LOCALHOST:8080', '[::1]:8080', '127.1.2.3:8080'])
      expect(openModeRefusal({ host }, 8080)).toBeNull();
    expect(openModeRefusal({ ...local, origin: 'http://127.0.0.1:8080' }, 8080)).toBeNull();
    expect(openModeRefusal({ ...local, 'sec-fetch-site': 'same-origin' }, 8080)).toBeNull();
    expect(openModeRefusal({ ...local, 'sec-fetch-site': 'none' }, 8080)).toBeNull();
    expect(openModeRefusal({ host: 'localhost' }, 80)).toBeNull();
  });

  it('refuses a foreign or malformed Host, another port, other origins and other sites', () => {
    for (const host of [
      'attacker.example',
      'attacker.example:8080',
      '127.0.0.1.nip.io:8080',
      'localhost.:8080',
      '[::1',
      '',
    ])
      expect(openModeRefusal({ host }, 8080)).not.toBeNull();
    expect(openModeRefusal({ host: 'localhost:9090' }, 8080)).toMatch(/port/);
    expect(openModeRefusal({ host: 'localhost' }, 8080)).toMatch(/port/);
    for (const origin of [
      'https://attacker.example',
      'null',
      'http://localhost:8080',
      'http://127.0.0.1:9090',
    ])
      expect(openModeRefusal({ ...local, origin }, 8080)).toMatch(/origin/);
    for (const site of ['cross-site', 'same-site'])
      expect(openModeRefusal({ ...local, 'sec-fetch-site': site }, 8080)).toMatch(/sites/);
  });

  it('reads host names and ports', () => {
    expect(parseHost('[::1]:80')).toEqual({ name: '::1', port: 80 });
    expect(parseHost('LocalHost')).toEqual({ name: 'localhost', port: null });
    expect(parseHost('a:b:c')).toBeNull();
    expect(isLoopbackName('127.0.0.1')).toBe(true);
    expect(isLoopbackName('128.0.0.1')).toBe(false);
  });
});
