import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../infra/local/ports';

// `npm start` as the tests under test/local run it: the real command, on a data directory and
// ports of the test's own, in a process group of its own — so that a signal sent to the group
// reaches npm, tsx, the server and DynamoDB Local at once, as Ctrl-C in a terminal (SIGINT) or
// `kill -9` of everything (SIGKILL) would.

/** An API call's answer: the status and the parsed JSON body. */
export interface Answer {
  status: number;
  body: any;
}

export class NpmStart {
  /** The running (or last) `npm start`. */
  child: ChildProcess | undefined;
  /** What the running (or last) `npm start` printed, stdout and stderr together. */
  output = '';

  private constructor(
    readonly dataDir: string,
    readonly port: number,
    readonly dynamoPort: number,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  /** A fresh DATA_DIR (under the system's tmpdir) and free ports; nothing started yet. */
  static async create(prefix: string, extraEnv: Record<string, string> = {}): Promise<NpmStart> {
    const dataDir = mkdtempSync(join(tmpdir(), prefix));
    const [port, dynamoPort] = [await freePort(), await freePort()];
    return new NpmStart(dataDir, port, dynamoPort, {
      ...process.env,
      PORT: String(port),
      DYNAMODB_PORT: String(dynamoPort),
      DATA_DIR: dataDir,
      ...extraEnv,
    });
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get dynamoEndpoint(): string {
    return `http://127.0.0.1:${this.dynamoPort}`;
  }

  /**
   * Runs `npm start` and waits for /health to answer; returns how long that took (ms, from the
   * spawn). Throws, with what it printed, if it does not answer within `withinMs`.
   */
  async start(withinMs = 90_000): Promise<number> {
    if (this.running) throw new Error('npm start is already running');
    this.output = '';
    const started = Date.now();
    const child = spawn('npm', ['start', '--silent'], {
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.child = child;
    child.stdout?.on('data', (chunk) => (this.output += chunk));
    child.stderr?.on('data', (chunk) => (this.output += chunk));
    while (Date.now() - started < withinMs) {
      if (!this.running) break;
      if (
        await fetch(`${this.base}/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return Date.now() - started;
      await sleep(250);
    }
    throw new Error(
      `npm start did not answer /health within ${withinMs / 1000} s` +
        `${this.running ? '' : ' (it exited)'}:\n${this.output}`,
    );
  }

  /** Whether the npm process still runs. */
  get running(): boolean {
    return (
      this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
    );
  }

  /** Sends `signal` to the whole process group, if npm still runs. */
  signal(signal: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (pid && this.running) {
      try {
        process.kill(-pid, signal);
      } catch {}
    }
  }

  /** Resolves once the npm process has exited (at once if it has). */
  exited(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return Promise.resolve();
    return new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** Ctrl-C: SIGINT to the group, then waits for npm to exit. */
  async stop(): Promise<void> {
    const exited = this.exited();
    this.signal('SIGINT');
    await exited;
  }

  /**
   * `kill -9` of the whole group: nothing gets to clean up. Waits for npm to exit and for
   * DynamoDB Local's port to close, so that the next start runs its own on the same data.
   */
  async kill(): Promise<void> {
    const exited = this.exited();
    this.signal('SIGKILL');
    await exited;
    const deadline = Date.now() + 10_000;
    while (await this.dynamoAnswers()) {
      if (Date.now() > deadline) throw new Error('DynamoDB Local still answers after kill -9');
      await sleep(100);
    }
  }

  /** Whether anything answers on DYNAMODB_PORT. */
  dynamoAnswers(): Promise<boolean> {
    return fetch(this.dynamoEndpoint).then(
      () => true,
      () => false,
    );
  }

  /**
   * `npm run reconcile` on the same environment (it reuses a running DynamoDB Local). Run
   * without blocking this process: a blocked event loop misses the server closing idle
   * keep-alive connections, and the next request then fails on one ("other side closed").
   */
  reconcile(): Promise<{ status: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn('npm', ['run', 'reconcile', '--silent'], {
        env: this.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.once('error', reject);
      child.once('close', (status) => resolve({ status, stdout, stderr }));
    });
  }

  /** A local token (POST /dev/token) for these claims. */
  async token(claims: { role: string; siret?: string; plieId?: string }): Promise<string> {
    const response = await fetch(`${this.base}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(claims),
    });
    if (!response.ok) throw new Error(`POST /dev/token: ${response.status}`);
    return ((await response.json()) as { token: string }).token;
  }

  /**
   * A caller of the API with this token: a body that is not a string is sent as JSON; the answer
   * is parsed as JSON. A request that gets no answer fails naming itself.
   */
  caller(token: string) {
    return async (
      method: string,
      path: string,
      body?: unknown,
      type = 'application/json',
    ): Promise<Answer> => {
      const response = await fetch(`${this.base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': type },
        ...(body === undefined
          ? {}
          : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      }).catch((error: Error) => {
        throw new Error(`${method} ${path}: ${error.message}`, { cause: error });
      });
      return { status: response.status, body: await response.json() };
    };
  }

  /**
   * For afterAll: kill -9 whatever of the group still runs (npm may have exited before
   * DynamoDB Local, after a failed stop) and remove the data directory.
   */
  dispose(): void {
    const pid = this.child?.pid;
    if (pid) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {}
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
