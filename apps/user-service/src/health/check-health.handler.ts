import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EventStore } from '@roster/event-store';
import { UserReadModel } from '@roster/read-model';
import { DependencyHealth, HealthReport } from '@roster/user-service-contract';
import { CheckHealthQuery } from './check-health.query';

/** Asks each store one cheap question; a store that fails it is reported down with its reason. */
@QueryHandler(CheckHealthQuery)
export class CheckHealthHandler implements IQueryHandler<CheckHealthQuery, HealthReport> {
  constructor(
    private readonly store: EventStore,
    private readonly readModel: UserReadModel,
  ) {}

  async execute(): Promise<HealthReport> {
    const [eventStore, readModel] = await Promise.all([
      check(async () => ({ head: (await this.store.headPosition())?.toString() ?? null })),
      check(async () => ({ checkpoint: (await this.readModel.checkpoint())?.toString() ?? null })),
    ]);
    const status = eventStore.status === 'up' && readModel.status === 'up' ? 'ok' : 'degraded';
    return { status, eventStore, readModel };
  }
}

async function check<T extends object>(probe: () => Promise<T>): Promise<DependencyHealth & Partial<T>> {
  try {
    return { status: 'up', ...(await probe()) };
  } catch (error) {
    return { status: 'down', detail: error instanceof Error ? error.message : String(error) } as DependencyHealth &
      Partial<T>;
  }
}
