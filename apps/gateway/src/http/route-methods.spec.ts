import { RouteMethods } from './route-methods';

describe('RouteMethods', () => {
  const routes = new RouteMethods();
  routes.add('POST', '/users');
  routes.add('GET', '/users');
  routes.add('GET', '/users/:id');
  routes.add('PUT', '/users/:id');
  routes.add('POST', '/users::search');
  routes.add(['GET', 'POST'], '/user/_details');
  routes.add('GET', '/docs/*');

  it('lists the methods of the path a URL names, HEAD wherever GET is', () => {
    expect(routes.allowedAt('/users')).toEqual(['GET', 'HEAD', 'POST']);
    expect(routes.allowedAt('/users/2b9a4f34-7c1e-4a51-9d38-5d2f0f1b8e11')).toEqual(['GET', 'HEAD', 'PUT']);
    expect(routes.allowedAt('/users:search')).toEqual(['POST']);
    expect(routes.allowedAt('/docs/swagger-ui.css')).toEqual(['GET', 'HEAD']);
  });

  it('reads the path without its query and with duplicate slashes collapsed, as the router does', () => {
    expect(routes.allowedAt('/user/_details?access_token=abc')).toEqual(['GET', 'HEAD', 'POST']);
    expect(routes.allowedAt('//user/_details')).toEqual(['GET', 'HEAD', 'POST']);
  });

  it('knows no methods for a path no route has', () => {
    expect(routes.allowedAt('/nope')).toEqual([]);
    expect(routes.allowedAt('/users/a/b')).toEqual([]);
    expect(routes.allowedAt('/usersXsearch')).toEqual([]);
  });
});
