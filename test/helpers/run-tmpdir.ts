import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest's global setup: every temporary file and folder of a test run (the specs' `mkdtempSync(tmpdir())`, the
 * servers and apps they start) goes into one folder of the run's own, removed when the run ends. The workers are
 * started after this and inherit `TMPDIR`, which `os.tmpdir()` reads. Before it, each run left ~60 folders in /tmp.
 * World-writable with the sticky bit, as /tmp is: the PostgreSQL suites run their server as the `postgres` user.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'obs-tests-'));
  chmodSync(dir, 0o1777);
  const previous = process.env['TMPDIR'];
  process.env['TMPDIR'] = dir;
  return () => {
    if (previous === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = previous;
    rmSync(dir, { recursive: true, force: true });
  };
}
