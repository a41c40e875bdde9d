// The floor of any in-process CPU profiler: `bare` (no observability) with V8's own CPU profiler running all along,
// started through node:inspector at 100 Hz; no library of ours or Datadog's. Against `bare`, it shows what a V8
// profiler being attached costs on this endpoint by itself.
import inspector from 'node:inspector';

export async function imports() {
  return [];
}

export async function setup() {
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) =>
    new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 10_000 });
  await post('Profiler.start');
}
