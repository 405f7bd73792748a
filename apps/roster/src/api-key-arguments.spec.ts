import { API_KEY_USAGE, parseApiKeyArguments } from './api-key-arguments';

describe('npm run api-key arguments', () => {
  it.each([[['--help']], [['-h']], [['--tenant', 'acme', '--help']]])('%j asks for the usage', (args) => {
    expect(parseApiKeyArguments(args)).toEqual({ kind: 'help' });
  });

  it('the usage names every option and the default permissions', () => {
    for (const option of ['--tenant', '--permissions', '--label', '--help']) expect(API_KEY_USAGE).toContain(option);
    expect(API_KEY_USAGE).toContain('default user:*');
  });

  it('issues a user:* key labelled cli by default', () => {
    expect(parseApiKeyArguments(['--tenant', 'acme'])).toEqual({
      kind: 'issue',
      tenantId: 'acme',
      permissions: ['user:*'],
      label: 'cli',
    });
  });

  it('takes a permission list, mapping the first keys’ names to their equivalents', () => {
    expect(
      parseApiKeyArguments([
        '--tenant',
        'pb.amritsar',
        '--permissions',
        'user:read, users:write,user:read',
        '--label',
        'hrms',
      ]),
    ).toEqual({
      kind: 'issue',
      tenantId: 'pb.amritsar',
      permissions: ['user:read', 'user:create:*', 'user:update:*'],
      label: 'hrms',
    });
  });

  it.each([
    [[], '--tenant is required'],
    [['--tenant', '1acme'], '--tenant is required'],
    [['--tenant', 'acme', '--permissions', 'user:delete'], '--permissions: unknown user:delete'],
    [['--tenant', 'acme', '--colour', 'red'], "Unknown option '--colour'"],
  ])('refuses %j with the reason and the usage', (args, reason) => {
    const parsed = parseApiKeyArguments(args);
    expect(parsed.kind).toBe('invalid');
    const message = (parsed as { message: string }).message;
    expect(message).toContain(reason);
    expect(message.endsWith(API_KEY_USAGE)).toBe(true);
  });
});
