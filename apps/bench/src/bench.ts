import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchOptions } from './options';
import { waitForQuietMachine } from './process-usage';
import { Results } from './results';
import type { ChildServer, ServerKind } from './servers';
import { API_KEY, logFileIn, startServer } from './servers';

/** How long a run waits for other processes on the machine to calm down before it measures anyway (one sample). */
const QUIET_WAIT_SECONDS = 1;

/** What every scenario gets: the options, the results to add to, and helpers for folders and servers. */
export class Bench {
  readonly results = new Results();
  private readonly running = new Set<ChildServer>();
  private readonly startedAt = performance.now();

  constructor(readonly options: BenchOptions) {}

  log(message: string): void {
    const elapsed = ((performance.now() - this.startedAt) / 1000).toFixed(0).padStart(4);
    process.stderr.write(`[bench ${elapsed}s] ${message}\n`);
  }

  /** An empty folder under the work folder. */
  freshDir(name: string): string {
    const dir = join(this.options.workDir, name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** Starts a server under test as a child process; `name` labels its log file (and CPU profile folder). */
  async startServer(
    kind: ServerKind,
    name: string,
    dataDir?: string,
    env?: Record<string, string>,
  ): Promise<ChildServer> {
    const server = await startServer(kind, {
      logFile: logFileIn(join(this.options.workDir, 'logs'), name),
      dataDir,
      env,
      cpuProfileDir: this.options.cpuProfile ? join(this.options.outDir, 'profiles', name) : undefined,
    });
    this.running.add(server);
    return server;
  }

  async stopServer(server: ChildServer): Promise<void> {
    await server.stop();
    this.running.delete(server);
  }

  /** Runs `work` with a server that is stopped afterwards, whatever happens. */
  async withServer<T>(
    kind: ServerKind,
    name: string,
    dataDir: string | undefined,
    work: (server: ChildServer) => Promise<T>,
    env?: Record<string, string>,
  ): Promise<T> {
    const server = await this.startServer(kind, name, dataDir, env);
    try {
      return await work(server);
    } finally {
      await this.stopServer(server);
    }
  }

  /**
   * `options.runs` repetitions of a measurement. Each first samples the rest of the machine for a second (and
   * starts at once if it is quiet): on a shared machine someone else's build lands in the middle of a run, and
   * the log should say so.
   */
  async repeat<T>(label: string, measure: (run: number) => Promise<T>): Promise<T[]> {
    const runs: T[] = [];
    for (let run = 1; run <= this.options.runs; run++) {
      const others = await waitForQuietMachine(QUIET_WAIT_SECONDS);
      const noise =
        others >= 0.25 ? ` — machine still busy with other work (${others.toFixed(2)} cores), measuring anyway` : '';
      this.log(`${label} (run ${run}/${this.options.runs})${noise}`);
      runs.push(await measure(run));
    }
    return runs;
  }

  /** Headers of an authenticated client; a POST carries a JSON body. */
  headers(method: 'GET' | 'POST'): Record<string, string> {
    return method === 'POST' ? { 'x-api-key': API_KEY, 'content-type': 'application/json' } : { 'x-api-key': API_KEY };
  }

  /** Ends every server still running (after a failure or on Ctrl-C). */
  killAll(): void {
    for (const server of this.running) server.child.kill('SIGKILL');
    this.running.clear();
  }

  cleanUp(): void {
    this.killAll();
    if (!this.options.keepData) rmSync(this.options.workDir, { recursive: true, force: true });
  }
}
