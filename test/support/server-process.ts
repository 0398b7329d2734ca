import { ChildProcess, spawn } from 'node:child_process';
import { built } from './built';

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** JSON log lines printed so far */
  logs: Record<string, unknown>[];
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts the compiled server (`dist/src/main.js`, or another compiled script that serves it) on a free port and
 * resolves once it logs that it listens.
 */
export function startServer(
  env: NodeJS.ProcessEnv,
  options: { discardLogsAfterStart?: boolean; script?: string } = {},
): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [built(options.script ?? 'src/main.js')], {
      env: { PATH: process.env.PATH, PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const logs: Record<string, unknown>[] = [];
    let stderr = '';
    let buffer = '';
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.on('exit', (code, signal) => done({ code, signal })),
    );
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (typeof entry.port === 'number' && String(entry.msg).includes('listening')) {
          if (options.discardLogsAfterStart) {
            // A benchmark does not want to spend its CPU parsing the server's request lines.
            child.stdout!.removeAllListeners('data');
            child.stdout!.resume();
          }
          resolve({
            child,
            url: `http://127.0.0.1:${entry.port}`,
            logs,
            stop: (signal = 'SIGTERM') => {
              child.kill(signal);
              return exited;
            },
          });
        }
      }
    });
    void exited.then(({ code }) => reject(new Error(`server exited with ${code} before listening: ${stderr}`)));
  });
}
