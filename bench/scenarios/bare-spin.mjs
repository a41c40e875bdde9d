// The bare endpoint plus a fixed amount of pure CPU work on every request (a busy wait of SPIN_US microseconds,
// default 13, before the request is handled): against bare, what N µs more work per request costs this machine in
// all, kernel and wake-ups included (docs/performance.md, "With Linux perf, in steady state").
import { beforeEachRequest } from '../before-request.mjs';

export async function imports() {
  return [];
}

export async function setup(app) {
  const spinMs = Number(process.env.SPIN_US ?? 13) / 1000;
  beforeEachRequest(app, () => {
    const until = performance.now() + spinMs;
    while (performance.now() < until);
  });
}
