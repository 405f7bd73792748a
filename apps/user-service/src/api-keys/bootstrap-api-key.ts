import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { RosterConfig } from '@roster/config';
import { ALL_PERMISSIONS, BOOTSTRAP_KEY_STREAM } from '@roster/domain';
import { EventStore, StreamAppend, WrongExpectedRevisionError } from '@roster/event-store';
import { Clock } from '../clock';
import { apiKeyIssuance, generateApiKey } from './issue-api-key';

/**
 * Makes sure an operator can call the API after the first start: the configured key is issued if it is
 * new; without one, a key is generated and printed exactly once in the store's life.
 */
@Injectable()
export class BootstrapApiKey implements OnApplicationBootstrap {
  private readonly logger = new Logger(BootstrapApiKey.name);

  constructor(
    private readonly store: EventStore,
    private readonly config: RosterConfig,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const configured = this.config.bootstrapApiKey;
    if (configured) {
      await this.issueOnce([this.keyAppend(configured)]);
      return;
    }
    if ((await this.store.readStream(BOOTSTRAP_KEY_STREAM)).length > 0) return;
    const key = generateApiKey();
    const marker: StreamAppend = {
      stream: BOOTSTRAP_KEY_STREAM,
      events: [{ type: 'BootstrapKeyIssued', data: { at: this.clock.now().toISOString() } }],
      expectedRevision: 'no_stream',
    };
    if (await this.issueOnce([marker, this.keyAppend(key)])) {
      // Printed straight to stdout, not the logger, and only this once: the store keeps just its hash.
      process.stdout.write(
        `\nFirst API key for tenant "${this.config.bootstrapTenant}" (shown once, keep it safe):\n  ${key}\n\n`,
      );
    }
  }

  private keyAppend(key: string): StreamAppend {
    return apiKeyIssuance(key, {
      tenantId: this.config.bootstrapTenant,
      // The operator's first key may do everything; narrower keys are issued with `npm run api-key`.
      permissions: [ALL_PERMISSIONS],
      label: 'bootstrap',
      at: this.clock.now(),
    });
  }

  /** True when this call issued the key; false when it (or the first key) existed already. */
  private async issueOnce(appends: StreamAppend[]): Promise<boolean> {
    try {
      await this.store.appendMany(appends);
      this.logger.log(`bootstrap API key ready for tenant "${this.config.bootstrapTenant}"`);
      return true;
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) return false;
      throw error;
    }
  }
}
