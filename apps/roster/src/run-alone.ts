import { Logger } from '@nestjs/common';
import type { RosterConfig } from '@roster/config';
import { createHttpApp } from '@roster/gateway';
import { observeProcess } from '@roster/observability';
import { connectStores } from '@roster/stores';
import { tellParentServing } from './cluster/serving-notice';
import { RosterModule } from './roster.module';

/** Every role in this one process (ROSTER_WORKERS=1). */
export async function runAlone(config: RosterConfig): Promise<void> {
  observeProcess('roster', config.observability.tracing);
  const stores = await connectStores(config);
  const app = await createHttpApp(RosterModule.forRoot(config, stores), config);
  await app.listen(config.port, config.host);
  new Logger('Roster').log(
    `serving on http://${config.host}:${config.port} (docs at /docs), data in ${config.dataDir}`,
  );
  tellParentServing();
}
