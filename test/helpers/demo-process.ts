import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** `npm run build`, so that `npm start`'s own build step finds nothing to do and the demo starts quickly. */
export async function buildDemo(): Promise<void> {
  await promisify(execFile)('npm', ['run', 'build'], { cwd: REPO_ROOT });
}

/** Waits until `check` returns a value, polling; fails with `what` after `timeoutMs`. */
export async function until<T>(what: string, check: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `npm start` as a user runs it, in its own process group so that npm, its shell and the demo stop together. */
export class DemoProcess {
  stdout = '';
  stderr = '';
  exitCode: number | null | undefined;
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;

  constructor(env: NodeJS.ProcessEnv, cwd = REPO_ROOT) {
    this.child = spawn('npm', ['start'], {
      cwd,
      env: { ...process.env, ...env, INIT_CWD: undefined },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) =>
      this.child.once('close', (code) => {
        this.exitCode = code;
        resolve();
      }),
    );
  }

  /** The demo's JSON log lines so far. */
  logLines(): Record<string, unknown>[] {
    return this.stdout
      .split('\n')
      .filter((line) => line.startsWith('{"level"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /** The port the demo reports it listens on (it is started with PORT=0 and picks a free one). */
  listening(): Promise<number> {
    return until('the demo to listen', () => {
      if (this.exitCode !== undefined) throw new Error(`the demo exited with ${this.exitCode}: ${this.stderr}`);
      const line = this.logLines().find((l) => typeof l['msg'] === 'string' && l['msg'].startsWith('Assistant listening on'));
      return line ? (line['port'] as number) : undefined;
    });
  }

  /** Resolves with the exit code once npm and the demo have exited. */
  async exit(): Promise<number | null> {
    await this.exited;
    return this.exitCode ?? null;
  }

  async stop(): Promise<void> {
    if (this.exitCode === undefined && this.child.pid !== undefined) process.kill(-this.child.pid, 'SIGTERM');
    await this.exited;
  }
}
