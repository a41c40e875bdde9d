import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../..');
const lib = join(repoRoot, 'libs/observability');

/** The version of `name` installed in the workspace, so that scratch apps install what npm has cached. */
export function workspaceVersion(name: string): string {
  return (JSON.parse(readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Builds the library and packs it into `dir`, as `npm publish` would; returns the tarball's file name. */
export function packLibrary(dir: string): string {
  execFileSync('npx', ['tsc', '-b', 'tsconfig.lib.json'], { cwd: lib, stdio: 'inherit' });
  execFileSync('npm', ['pack', '--pack-destination', dir], { cwd: lib, stdio: 'ignore' });
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack left no tarball in ${dir}`);
  return tarball;
}

/** Writes `files` (path relative to `dir` → content; objects as JSON) under `dir`. */
export function writeTree(dir: string, files: Record<string, string | object>): void {
  for (const [path, content] of Object.entries(files)) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
}

export function npmInstall(dir: string): void {
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: dir, stdio: 'inherit' });
}

/**
 * Compiles the app with its own tsconfig (and its own TypeScript when it has one, else the workspace's): the packed
 * declarations are all it sees of ours.
 */
export function compile(dir: string, project = 'tsconfig.json'): void {
  const own = join(dir, 'node_modules/.bin/tsc');
  execFileSync(existsSync(own) ? own : join(repoRoot, 'node_modules/.bin/tsc'), ['-p', project], { cwd: dir, stdio: 'inherit' });
}

export interface RunningApp {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** SIGTERM, then waits for the exit (SIGKILL after `ms`). */
  stop(ms?: number): Promise<void>;
}

/** Starts `node <args>` in `dir` and waits until its stdout has `ready`. */
export async function startApp(dir: string, args: string[], env: NodeJS.ProcessEnv, ready: string): Promise<RunningApp> {
  const child = spawn(process.execPath, args, { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const app: RunningApp = {
    child,
    stdout: () => out,
    stderr: () => err,
    async stop(ms = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), ms);
      await exited;
      clearTimeout(timer);
    },
  };
  try {
    await waitFor(
      () => out.includes(ready) || child.exitCode !== null,
      30_000,
      () => `app did not start (node ${args.join(' ')}):\n${out}\n${err}`,
    );
  } catch (error) {
    await app.stop();
    throw error;
  }
  if (!out.includes(ready)) throw new Error(`app exited with ${child.exitCode} (node ${args.join(' ')}):\n${out}\n${err}`);
  return app;
}

export async function waitFor(predicate: () => boolean, timeoutMs: number, message: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(message());
    await new Promise((r) => setTimeout(r, 50));
  }
}
