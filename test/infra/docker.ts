import { existsSync } from 'node:fs';
import http from 'node:http';

/** True when a Docker engine answers `/_ping` (DOCKER_HOST tcp/unix or the default socket) within 2 s. */
export const dockerAnswers = (): Promise<boolean> => {
  const host = process.env.DOCKER_HOST;
  let options: http.RequestOptions;
  if (host?.startsWith('tcp://')) {
    const url = new URL(host.replace('tcp://', 'http://'));
    options = { host: url.hostname, port: Number(url.port || 2375), path: '/_ping' };
  } else {
    const socketPath = host?.startsWith('unix://') ? host.slice('unix://'.length) : '/var/run/docker.sock';
    if (!existsSync(socketPath)) return Promise.resolve(false);
    options = { socketPath, path: '/_ping' };
  }
  return new Promise((resolve) => {
    const req = http.get({ ...options, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
};
