import { parseEraseArguments, parseIdsFile } from './erase-arguments';

const ID = '3f1c2a9e-5b7d-4c1e-9a2b-0d4e6f8a1b2c';
const OTHER = '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d';

describe('parseEraseArguments', () => {
  it('reads one user, lower-casing its id', () => {
    expect(parseEraseArguments(['--tenant', 'pb.amritsar', '--id', ID.toUpperCase()])).toEqual({
      kind: 'one',
      tenantId: 'pb.amritsar',
      id: ID,
    });
  });

  it('reads a file batch, unconfirmed unless --yes is given', () => {
    expect(parseEraseArguments(['--tenant', 'pb', '--file', 'ids.txt'])).toEqual({
      kind: 'file',
      tenantId: 'pb',
      file: 'ids.txt',
      yes: false,
    });
    expect(parseEraseArguments(['--file', 'ids.txt', '--yes', '--tenant', 'pb'])).toMatchObject({ yes: true });
  });

  it('answers the usage to --help and -h', () => {
    expect(parseEraseArguments(['--help'])).toEqual({ kind: 'help' });
    expect(parseEraseArguments(['-h'])).toEqual({ kind: 'help' });
  });

  it.each([
    [[], '--tenant is required'],
    [['--id', ID], '--tenant is required'],
    [['--tenant', 'pb_1', '--id', ID], '--tenant "pb_1" is no tenant id'],
    [['--tenant', 'pb'], '--id or --file is required'],
    [['--tenant', 'pb', '--id', 'not-a-uuid'], '--id is no user id'],
    [['--tenant', 'pb', '--id', ID, '--id', OTHER], '--id takes one user'],
    [['--tenant', 'pb', '--id', ID, '--file', 'ids.txt'], 'give --id or --file, not both'],
    [['--tenant', 'pb', '--id', ID, '--yes'], '--yes applies to --file only'],
    [['--tenant', 'pb', '--file', ''], '--file needs a file'],
    [['--tenant', 'pb', '--id'], "Option '--id <value>' argument missing"],
    [['--tenant', 'pb', '--id', ID, '--force'], "Unknown option '--force'"],
    [['--tenant', 'pb', ID], 'Unexpected argument'],
  ])('refuses %j naming what is wrong', (argv, message) => {
    expect(() => parseEraseArguments(argv)).toThrow(message);
  });
});

describe('parseIdsFile', () => {
  it('reads one id a line, skipping blank lines and comments, each id once', () => {
    const text = `# complaint 1234\n${ID}\r\n\n  ${OTHER.toUpperCase()}  \n${ID}\n`;
    expect(parseIdsFile(text)).toEqual([ID, OTHER]);
  });

  it('refuses the whole file for one bad line, naming the line and not its content', () => {
    expect(() => parseIdsFile(`${ID}\nasha.devi@example.com\n`)).toThrow(/^line 2 is no user id \(a UUID\)$/);
  });

  it('refuses a file without ids', () => {
    expect(() => parseIdsFile('# nobody\n\n')).toThrow('the file holds no user id');
  });
});
