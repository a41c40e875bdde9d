// The built demo (apps/assistant/dist, `npm run build` first) started as `npm start` starts it: its preload, then
// main, with the Node that runs the caller. Used by scripts/check-demo-start.mjs and scripts/render-readme-picture.mjs.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Starts the demo with `env` added to the environment. `lines()` are its JSON log lines so far; `until(what, check)`
 * polls `check` until it returns a value and rejects, naming `what`, if the demo exits first or 60 s pass;
 * `stop()` sends SIGTERM and resolves with the exit code; `stdout()` and `stderr()` are what it printed.
 */
export function startBuiltDemo(env = {}) {
  const child = spawn(process.execPath, ['--import', './dist/preload.js', 'dist/main.js'], {
    cwd: fileURLToPath(new URL('../apps/assistant/', import.meta.url)),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once('close', resolve));
  const lines = () =>
    stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line));
  return {
    lines,
    stdout: () => stdout,
    stderr: () => stderr,
    async until(what, check, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = check();
        if (value !== undefined && value !== false) return value;
        if (child.exitCode !== null) throw new Error(`the demo exited with ${child.exitCode} while waiting for ${what}:\n${stderr}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async stop(signal = 'SIGTERM') {
      child.kill(signal);
      return exited;
    },
  };
}
