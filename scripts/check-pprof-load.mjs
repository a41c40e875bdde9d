// Loads @datadog/pprof's prebuilt addon with whichever Node runs this file and takes one short CPU profile and one
// heap profile with it: proof that profiling works on that Node (elsewhere the library starts with profiling off).
import { createRequire } from 'node:module';

const require = createRequire(new URL('../libs/observability/package.json', import.meta.url));
const { time, heap, encodeSync } = require('@datadog/pprof');

time.start({ intervalMicros: 1000, durationMillis: 1000, withContexts: true, collectCpuTime: true });
heap.start(64 * 1024, 64);
const end = Date.now() + 100;
let x = 0;
while (Date.now() < end) x += Math.sqrt(x + 1);
const cpu = time.stop(false);
const live = heap.profile();
heap.stop();
if (cpu.sample.length === 0) throw new Error('the CPU profile has no samples');
const bytes = encodeSync(cpu).length + encodeSync(live).length;
console.log(
  `@datadog/pprof loads on Node ${process.versions.node} (ABI ${process.versions.modules}): ` +
    `${cpu.sample.length} CPU stacks, ${live.sample.length} heap stacks, ${bytes} bytes of pprof`,
);
