export interface DependencyHealth {
  status: 'up' | 'down';
  detail?: string;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  eventStore: DependencyHealth & { head?: string | null };
  readModel: DependencyHealth & { checkpoint?: string | null };
}
