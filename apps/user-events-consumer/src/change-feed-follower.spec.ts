import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChangeFeedFollower, FeedRefusedError } from './change-feed-follower';
import { ConsumerConfig } from './consumer-config';
import { UserChangeLog } from './user-change-log';

const event = (n: number) => ({
  id: `event-${n}`,
  type: n === 0 ? 'UserCreated' : 'ProfileUpdated',
  tenantId: 'pb',
  userId: 'user-1',
  streamRevision: n,
  position: String(100 + n),
  recordedAt: '2026-12-03T10:00:00.000Z',
  schemaVersion: 1,
  data: { userId: 'user-1' },
});

/** A stand-in for Roster's GET /changes: 5 events, 2 a page, cursors "c<n>"; records every request. */
function fakeRoster(status = 200): { server: Server; requests: URL[]; url: () => string } {
  const requests: URL[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://roster');
    requests.push(url);
    if (status !== 200 || request.headers['x-api-key'] !== 'rk_key') {
      response.writeHead(status === 200 ? 401 : status).end();
      return;
    }
    const from = Number(url.searchParams.get('after')?.slice(1) ?? 0);
    const data = [0, 1, 2, 3, 4].filter((n) => n >= from && n < from + 2).map(event);
    const next = from + data.length;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ data, paging: { after: `c${next}`, has_more: next < 5 } }));
  });
  return { server, requests, url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('ChangeFeedFollower', () => {
  let log: UserChangeLog;
  beforeEach(() => (log = new UserChangeLog(':memory:')));
  afterEach(() => log.close());

  const follower = (url: string, apiKey = 'rk_key') => {
    const config = new ConsumerConfig();
    config.changes = { url, apiKey };
    return new ChangeFeedFollower(config, log);
  };

  it('records every page with the cursor after it, and resumes from that cursor', async () => {
    const roster = fakeRoster();
    await new Promise<void>((resolve) => roster.server.listen(0, '127.0.0.1', resolve));
    const following = follower(roster.url());
    const run = following.follow();
    for (let tries = 0; log.feedCursor() !== 'c5' && tries < 100; tries++) await new Promise((r) => setTimeout(r, 20));
    await following.beforeApplicationShutdown();
    await run;
    roster.server.close();

    expect(log.changesOf('user-1')?.changes.map((change) => change.eventId)).toEqual(
      [0, 1, 2, 3, 4].map((n) => `event-${n}`),
    );
    expect(log.feedCursor()).toBe('c5');
    expect(roster.requests[0].searchParams.get('after')).toBeNull();
    expect(roster.requests[1].searchParams.get('after')).toBe('c2');
    // At the end of the feed it long-polls rather than asking in a loop.
    expect(roster.requests.at(-1)?.searchParams.get('wait')).toBe('30');
  });

  it('an event recorded before a crash is recognised when the page comes again', () => {
    log.recordPage([], 'c0');
    const first = log.recordPage(
      [{ eventId: 'e', tenantId: 'pb', userId: 'u', type: 'T', streamRevision: 0, position: '1', recordedAt: 'x' }],
      'c1',
    );
    const again = log.recordPage(
      [{ eventId: 'e', tenantId: 'pb', userId: 'u', type: 'T', streamRevision: 0, position: '1', recordedAt: 'x' }],
      'c1',
    );
    expect([first, again]).toEqual([['recorded'], ['duplicate']]);
    expect(log.stats().duplicatesSinceStart).toBe(1);
  });

  it('stops for good when Roster refuses the request (a revoked key), recording nothing', async () => {
    const roster = fakeRoster();
    await new Promise<void>((resolve) => roster.server.listen(0, '127.0.0.1', resolve));
    await expect(follower(roster.url(), 'revoked').follow()).rejects.toBeInstanceOf(FeedRefusedError);
    roster.server.close();
    expect(log.feedCursor()).toBeNull();
  });

  it('retries while Roster answers 503, and stops when asked', async () => {
    const roster = fakeRoster(503);
    await new Promise<void>((resolve) => roster.server.listen(0, '127.0.0.1', resolve));
    const following = follower(roster.url());
    const run = following.follow();
    await new Promise((r) => setTimeout(r, 700));
    await following.beforeApplicationShutdown();
    await run;
    roster.server.close();
    expect(roster.requests.length).toBeGreaterThanOrEqual(2);
  });
});
