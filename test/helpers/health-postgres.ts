import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { onFreePort } from './ports.js';

const run = promisify(execFile);
/** util-linux's runuser lives in /usr/sbin, which a CI runner's PATH may leave out. */
const RUNUSER = ['/usr/sbin/runuser', '/sbin/runuser'].find((path) => existsSync(path)) ?? 'runuser';
const PG_TIMEOUT_S = 30;

/** Debian's PostgreSQL binaries (the newest version installed), or undefined when the package is missing. */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

/**
 * A throwaway PostgreSQL server: its own data directory under /tmp, on a free loopback port, with password
 * authentication. initdb refuses to run as root, so as root every command runs as the `postgres` user. The
 * server is stopped and its directory removed by `destroy()` (call it from afterAll); if the test process dies
 * before that (killed, crashed), a watchdog process notices and does it.
 */
export class PostgresServer {
  readonly user = 'app';
  readonly password = 'pg-secret-Zq81';
  private running = false;
  private watchdog?: ChildProcess;

  private constructor(
    private readonly bin: string,
    readonly dataDir: string,
    readonly port: number,
  ) {}

  static async create(): Promise<PostgresServer> {
    const bin = postgresBinDir();
    if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql; .ci/run does it)');
    // pg_ctl's failure quotes the server log ("could not bind ... Address already in use"): another port is tried.
    return onFreePort((port) => PostgresServer.createOn(bin, port));
  }

  private static async createOn(bin: string, port: number): Promise<PostgresServer> {
    const dataDir = mkdtempSync(join(tmpdir(), 'health-pg-'));
    const server = new PostgresServer(bin, dataDir, port);
    try {
      const pwfile = join(dataDir, 'pwfile');
      writeFileSync(pwfile, `${server.password}\n`);
      if (process.getuid?.() === 0) {
        const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
        const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
        chownSync(dataDir, uid, gid);
        chownSync(pwfile, uid, gid);
      }
      chmodSync(dataDir, 0o700);
      await server.exec('initdb', [
        '-D',
        join(dataDir, 'data'),
        '-U',
        server.user,
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '-E',
        'UTF8',
        '--no-sync',
      ]);
      await server.start();
      server.watch();
      return server;
    } catch (error) {
      server.destroySync();
      throw error;
    }
  }

  /** `postgres://app:<password>@127.0.0.1:<port>/postgres` */
  get url(): string {
    return `postgres://${this.user}:${this.password}@127.0.0.1:${this.port}/postgres`;
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.dataDir} -c fsync=off`;
    await this.exec('pg_ctl', [
      '-D',
      join(this.dataDir, 'data'),
      '-o',
      options,
      '-l',
      join(this.dataDir, 'log'),
      '-w',
      '-t',
      String(PG_TIMEOUT_S),
      'start',
    ]).catch((error: Error) => {
      // pg_ctl only says "could not start server"; the reason (a port taken meanwhile, say) is in the server log.
      const log = existsSync(join(this.dataDir, 'log')) ? readFileSync(join(this.dataDir, 'log'), 'utf8') : '';
      throw new Error(`${error.message}\n${log}`, { cause: error });
    });
    this.running = true;
  }

  /** Fast shutdown: open sessions are terminated, as when the database goes away under the app. */
  async stop(): Promise<void> {
    await this.exec('pg_ctl', ['-D', join(this.dataDir, 'data'), '-m', 'fast', '-w', '-t', String(PG_TIMEOUT_S), 'stop']);
    this.running = false;
  }

  async destroy(): Promise<void> {
    try {
      if (this.running) await this.stop();
    } finally {
      this.destroySync();
    }
  }

  /** Stops the server and removes its directory once this process is gone, however it ended. */
  private watch(): void {
    const [file, argv] = this.command('pg_ctl', ['-D', join(this.dataDir, 'data'), '-m', 'immediate', '-w', '-t', '10', 'stop']);
    const stop = [file, ...argv].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ${stop} >/dev/null 2>&1; rm -rf '${this.dataDir}'`;
    this.watchdog = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
    this.watchdog.unref();
  }

  private destroySync(): void {
    this.watchdog?.kill();
    this.watchdog = undefined;
    if (this.running) {
      try {
        execFileSync(...this.command('pg_ctl', ['-D', join(this.dataDir, 'data'), '-m', 'immediate', '-w', '-t', '10', 'stop']), {
          stdio: 'ignore',
          timeout: 15_000,
        });
      } catch {
        // Already gone.
      }
      this.running = false;
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async exec(tool: string, args: string[]): Promise<void> {
    const [file, argv] = this.command(tool, args);
    try {
      await run(file, argv, { timeout: (PG_TIMEOUT_S + 5) * 1000 });
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: string; stdout?: string };
      throw new Error(`${tool} failed: ${(error as Error).message}\n${stdout ?? ''}${stderr ?? ''}`, { cause: error });
    }
  }

  private command(tool: string, args: string[]): [string, string[]] {
    const binary = join(this.bin, tool);
    return process.getuid?.() === 0 ? [RUNUSER, ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
  }
}
