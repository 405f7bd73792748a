import { parseExportArguments } from './export.cli';

describe('parseExportArguments', () => {
  it('defaults to every tenant and the default file', () => {
    expect(parseExportArguments([])).toEqual({ tenants: [], out: null });
  });

  it('reads repeated tenants and an output file, or - for stdout', () => {
    expect(parseExportArguments(['--tenant', 'pb', '--tenant', 'hp.shimla', '--out', 'users.jsonl'])).toEqual({
      tenants: ['pb', 'hp.shimla'],
      out: 'users.jsonl',
    });
    expect(parseExportArguments(['--out', '-'])).toEqual({ tenants: [], out: '-' });
  });

  it.each([
    [['--tenant'], '--tenant needs a tenant id'],
    [['--tenant', '--out', 'x'], '--tenant needs a tenant id'],
    [['--tenant', 'pb amritsar'], 'is no tenant id'],
    [['--out'], '--out needs a file'],
    [['--out', '--tenant'], '--out needs a file'],
    [['--output', 'x'], 'unknown argument "--output"'],
    [['users.jsonl'], 'unknown argument "users.jsonl"'],
  ])('refuses %j, naming the flag', (argv, message) => {
    expect(() => parseExportArguments(argv)).toThrow(message);
  });
});
