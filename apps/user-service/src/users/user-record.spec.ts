import type { UserView } from '@roster/read-model';
import { recordFromView } from './user-record';

describe('recordFromView', () => {
  it("keeps every public field of the view, in order, and leaves out the read model's own", () => {
    const view = {
      id: '0b8f2a52-6c1e-4d8a-9a51-3f1c2a7e9b10',
      tenantId: 'default',
      firstName: 'Asha',
      middleName: null,
      ancestors: ['a', 'b'],
      depth: 2,
      revision: 7,
      parentId: 'b',
      updatedAt: '2026-01-01T00:00:00.000Z',
    } as unknown as UserView;
    const record = recordFromView(view);
    expect(Object.entries(record)).toEqual([
      ['id', view.id],
      ['tenantId', 'default'],
      ['firstName', 'Asha'],
      ['middleName', null],
      ['parentId', 'b'],
      ['updatedAt', '2026-01-01T00:00:00.000Z'],
    ]);
    expect(view).toHaveProperty('depth', 2); // the view itself is left as it was
  });
});
