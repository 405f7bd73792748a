import { MethodNotAllowedException, NotFoundException } from '@nestjs/common';
import { frameworkMessageOf } from './framework-message';

describe('frameworkMessageOf', () => {
  it("drops the query string Nest's routing messages repeat, so no token is echoed", () => {
    expect(frameworkMessageOf(new NotFoundException('Cannot TRACE /user/_details?access_token=SECRET123'))).toBe(
      'Cannot TRACE /user/_details',
    );
    expect(frameworkMessageOf(new MethodNotAllowedException('Cannot DELETE /users?x=a b'))).toBe(
      'Cannot DELETE /users b',
    );
    expect(frameworkMessageOf(new NotFoundException('Cannot GET /users'))).toBe('Cannot GET /users');
  });
});
