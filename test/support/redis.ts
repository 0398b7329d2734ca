/**
 * A real Redis for tests and benchmarks: Debian's `redis-server` on a free port with its own temporary directory,
 * or the server named by REDIS_URL (shared: tests then isolate themselves by key prefix and cannot kill it).
 *
 * When neither is available the Redis suites print one line and skip — except under CI, where they must run.
 * No Jest here: the benchmark uses this file too.
 */
import IORedis from 'ioredis';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { tempDir } from './temp-dir';

export interface RedisOptions {
  /** AOF on (fsync on every write, so a SIGKILL loses nothing) or off (a restart comes back empty); default off */
  appendonly?: boolean;
  /** default noeviction, the only policy the app accepts */
  maxmemoryPolicy?: string;
}

export interface TestRedis {
  url: string;
  /** false for a REDIS_URL server: not ours to kill or restart */
  controllable: boolean;
  /** kills the server (default SIGKILL) and waits for it to exit */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** starts it again on the same port and directory (AOF, if on, is replayed) */
  restart(): Promise<void>;
  /** stops it and removes its directory */
  stop(): Promise<void>;
}

const SEARCH_DIRS = ['/usr/bin', '/usr/sbin', '/usr/local/bin'];

export function findRedisServer(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...SEARCH_DIRS].filter(Boolean);
  return dirs.map((dir) => join(dir, 'redis-server')).find((file) => existsSync(file));
}

/**
 * Why Redis suites cannot run here (the one-line notice to print before skipping), or undefined when they can.
 * Under CI a missing Redis is an error, not a skip.
 */
export function redisSkipReason(): string | undefined {
  if (process.env.REDIS_URL || findRedisServer()) return undefined;
  if (process.env.CI) {
    throw new Error('CI is set, but there is no redis-server on PATH and no REDIS_URL: install redis-server (apt-get install -y redis-server)');
  }
  return 'NOTICE: no redis-server on PATH and no REDIS_URL: skipping Redis suites (apt-get install -y redis-server to run them)';
}

/** Why tests that kill or reconfigure Redis cannot run (a shared REDIS_URL server), or undefined when they can. */
export function redisControlSkipReason(): string | undefined {
  return process.env.REDIS_URL ? 'NOTICE: REDIS_URL is set: skipping tests that kill, restart or reconfigure Redis' : undefined;
}

/** A key prefix of its own for each test, so tests never see each other's queues. */
export function uniquePrefix(): string {
  return `t-${randomUUID().slice(0, 8)}`;
}

/** Deletes a test's keys, which matters on a shared REDIS_URL server. */
export async function deletePrefix(url: string, prefix: string): Promise<void> {
  const redis = new IORedis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export async function startRedis(options: RedisOptions = {}): Promise<TestRedis> {
  const shared = process.env.REDIS_URL;
  if (shared) {
    const refuse = async () => {
      throw new Error('REDIS_URL names a shared server: it cannot be killed or restarted by tests');
    };
    return { url: shared, controllable: false, kill: refuse, restart: refuse, stop: async () => undefined };
  }
  const binary = findRedisServer();
  if (!binary) throw new Error('no redis-server on PATH and no REDIS_URL (apt-get install -y redis-server)');
  const port = await freePort();
  const temp = tempDir('ketnap-redis-');
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', temp.dir, '--save', '',
    '--appendonly', options.appendonly ? 'yes' : 'no', '--appendfsync', 'always',
    '--maxmemory-policy', options.maxmemoryPolicy ?? 'noeviction', '--daemonize', 'no', '--logfile', '',
  ];
  let child = await launch(binary, args);
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    controllable: true,
    kill,
    restart: async () => {
      if (child.exitCode === null && child.signalCode === null) throw new Error('redis-server is still running');
      child = await launch(binary, args);
    },
    stop: async () => {
      await kill('SIGTERM');
      temp.remove();
    },
  };
}

/** Spawns redis-server and resolves once it accepts connections. */
function launch(binary: string, args: string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    // A crashed test run must not leave servers behind.
    const reap = () => child.kill('SIGKILL');
    process.once('exit', reap);
    child.once('exit', () => process.removeListener('exit', reap));
    let output = '';
    const timeout = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not start within 10 s:\n${output}`));
    }, 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timeout);
        child.stdout!.removeListener('data', onData);
        child.stdout!.resume(); // keep draining so a full pipe never blocks the server
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code, signal) => {
      clearTimeout(timeout);
      reject(new Error(`redis-server exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
