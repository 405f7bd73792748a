import { contextFrom, currentContext, runWithContext } from './request-context';

describe('contextFrom', () => {
  const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

  it("keeps a caller's sane ids", () => {
    expect(contextFrom({ requestId: 'req-1', correlationId: 'flow:7', traceparent: TRACEPARENT })).toEqual({
      requestId: 'req-1',
      correlationId: 'flow:7',
      traceparent: TRACEPARENT,
    });
  });

  it('replaces what is not a short plain token, and correlates with the request id by default', () => {
    const context = contextFrom({ requestId: 'a b\n{"level":"fatal"}', traceparent: '00-zz', correlationId: ['x'] });
    expect(context.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context).toEqual({ requestId: context.requestId, correlationId: context.requestId });
    expect(contextFrom({ requestId: 'x'.repeat(129) }).requestId).toHaveLength(36);
  });

  it('is the current context inside runWithContext, across awaits', async () => {
    const context = contextFrom({ requestId: 'inside' });
    await runWithContext(context, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      expect(currentContext()).toBe(context);
    });
    expect(currentContext()).toBeUndefined();
  });
});
