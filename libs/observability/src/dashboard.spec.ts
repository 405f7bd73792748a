import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registry } from './metrics';
import './subscription-lag';

const DASHBOARD = join(__dirname, '../../../docker/grafana/dashboards/roster.json');

describe('the Grafana dashboard (docker/grafana/dashboards/roster.json)', () => {
  it('queries only metrics Roster exposes', () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
      panels: Array<{ targets?: Array<{ expr: string }> }>;
    };
    const queried = new Set(
      dashboard.panels
        .flatMap((panel) => panel.targets ?? [])
        .flatMap(({ expr }) => expr.match(/\b(?:roster|nodejs|process)_[a-z0-9_]+/g) ?? [])
        .map((name) => name.replace(/_(bucket|count|sum)$/, '')),
    );
    expect(queried.size).toBeGreaterThan(10);
    expect([...queried].filter((name) => !registry.getSingleMetric(name))).toEqual([]);
  });
});
