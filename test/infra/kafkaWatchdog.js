#!/usr/bin/env node
// Stops a local Kafka broker (by pid) and removes its temp dir once the process that started it is
// gone — the cleanup for test runs that crash or are interrupted before their global teardown.
// usage: kafkaWatchdog.js <ownerPid> <brokerPid> <dir>
const { rmSync } = require('node:fs');

const [ownerPid, brokerPid] = process.argv.slice(2, 4).map(Number);
const dir = process.argv[4];
const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const cleanUp = () => {
  if (alive(brokerPid)) process.kill(brokerPid, 'SIGTERM');
  let waited = 0;
  const timer = setInterval(() => {
    waited += 200;
    if (alive(brokerPid) && waited < 15000) return;
    if (alive(brokerPid)) process.kill(brokerPid, 'SIGKILL');
    clearInterval(timer);
    if (dir && dir.includes('leadflow-kafka-')) rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  }, 200);
};
process.on('SIGTERM', () => process.exit(0));
const poll = setInterval(() => {
  if (!alive(brokerPid)) {
    clearInterval(poll);
    if (dir && dir.includes('leadflow-kafka-')) rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  }
  if (!alive(ownerPid)) {
    clearInterval(poll);
    cleanUp();
  }
}, 1000);
