import { parseImportArguments } from './import.cli';

describe('parseImportArguments', () => {
  it('reads an egov import with every option', () => {
    expect(
      parseImportArguments([
        '--from',
        'egov',
        'postgres://egov:secret@db:5432/egov',
        '--tenant',
        'pb',
        '--tenant',
        'hp.shimla',
        '--enc-service',
        'http://egov-enc-service:8080',
        '--batch-size',
        '500',
        '--report',
        'out.json',
      ]),
    ).toEqual({
      from: { kind: 'egov', url: 'postgres://egov:secret@db:5432/egov' },
      tenants: ['pb', 'hp.shimla'],
      encService: 'http://egov-enc-service:8080',
      batchSize: 500,
      report: 'out.json',
    });
  });

  it('reads a roster import with the defaults', () => {
    expect(parseImportArguments(['--from', 'roster', 'users.jsonl'])).toEqual({
      from: { kind: 'roster', file: 'users.jsonl' },
      tenants: [],
      encService: null,
      batchSize: 1000,
      report: null,
    });
  });

  it.each([
    [[], '--from is required'],
    [['--from'], '--from needs egov or roster'],
    [['--from', 'mysql', 'x'], '--from takes egov or roster'],
    [['--from', 'egov'], '--from needs the egov-user database URL'],
    [['--from', 'roster', 'f', '--tenant', 'pb_1'], '--tenant "pb_1" is no tenant id'],
    [['--from', 'roster', 'f', '--batch-size', '0'], '--batch-size must be a whole number'],
    [['--from', 'roster', 'f', '--enc-service', 'http://enc'], '--enc-service applies to --from egov only'],
    [['--from', 'egov', 'postgres://db/egov', '--enc-service', 'enc:1234'], '--enc-service must be an http'],
    [['--from', 'roster', 'f', '--force'], 'unknown argument "--force"'],
  ])('refuses %j naming the flag', (argv, message) => {
    expect(() => parseImportArguments(argv)).toThrow(message);
  });
});
