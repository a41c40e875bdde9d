// Where a benchmark server writes its logs: in the temp folder, named after the scenario and the process, and removed
// when the process exits. A 10-second round at full load writes tens of MB of request lines; kept, a few hundred runs
// filled /tmp by gigabytes. (The log writer's last synchronous flush at exit then goes to the removed file.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A log file for this process. */
export function benchLogFile(name) {
  const file = join(tmpdir(), `bench-${name}-${process.pid}.log`);
  process.once('exit', () => rmSync(file, { force: true }));
  return file;
}

/** A folder of its own for this process (a log file, a rules file), removed with what it holds. */
export function benchScratchDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
