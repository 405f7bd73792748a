import { notReadyReason } from './readiness';

describe('notReadyReason', () => {
  const up = (head: string | null, checkpoint: string | null) => ({
    eventStore: { status: 'up' as const, head },
    readModel: { status: 'up' as const, checkpoint },
  });

  it('is ready when both stores answer and the read model is within the allowed lag', () => {
    expect(notReadyReason(up('120', '100'), 20)).toBeNull();
    expect(notReadyReason(up(null, null), 0)).toBeNull();
  });

  it('names what keeps it from being ready', () => {
    expect(notReadyReason(up('121', '100'), 20)).toBe('the read model trails the event log by 21 events (at most 20)');
    expect(notReadyReason({ ...up('1', '1'), eventStore: { status: 'down' } }, 20)).toBe(
      'the event store is unreachable',
    );
    expect(notReadyReason({ ...up('1', '1'), readModel: { status: 'down' } }, 20)).toBe(
      'the read model is unreachable',
    );
  });
});
