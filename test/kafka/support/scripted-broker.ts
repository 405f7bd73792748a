import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../../e2e/support/roster-harness';

const run = promisify(execFile);

/**
 * The local broker that scripts/infra runs: `down.sh kafka` stops it (SIGTERM, a clean shutdown) and keeps
 * its log dirs; `up.sh kafka` starts it again on the same port and data, or leaves a running one alone.
 * The scripts run asynchronously, so the test's load keeps going while the broker stops and starts.
 */
export class ScriptedBroker {
  private readonly port: number;

  /** Throws unless `brokers` is the broker those scripts manage (KAFKA_PORT, default 19092, on loopback). */
  constructor(brokers: string) {
    this.port = Number(process.env.KAFKA_PORT ?? 19092);
    if (brokers !== `127.0.0.1:${this.port}`) {
      throw new Error(
        `the fault test stops and restarts the broker with scripts/infra, which runs 127.0.0.1:${this.port}; ` +
          `KAFKA_BROKERS=${brokers} is another broker (set KAFKA_PORT and INFRA_DIR to those of the broker to use)`,
      );
    }
  }

  async stop(): Promise<void> {
    await this.script('down.sh');
    if (await this.answers())
      throw new Error(`something still listens on 127.0.0.1:${this.port} after down.sh: not the scripts' broker`);
  }

  async start(): Promise<void> {
    await this.script('up.sh');
  }

  private async script(name: string): Promise<void> {
    await run('bash', [join(ROOT, 'scripts/infra', name), 'kafka'], { cwd: ROOT, timeout: 180_000 });
  }

  private answers(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = connect(this.port, '127.0.0.1');
      socket.once('connect', () => resolve(true)).once('error', () => resolve(false));
      socket.once('close', () => socket.destroy());
      socket.setTimeout(1000, () => socket.destroy());
    });
  }
}
