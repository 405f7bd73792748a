import 'reflect-metadata';
import { ValidationPipe } from '@nestjs/common';
import { IsOptional, IsString } from 'class-validator';
import { CreateUserDto } from '../users/dto/create-user.dto';
import { SearchUsersDto } from '../users/dto/search-users.dto';
import { createValidationPipe, VALIDATION_OPTIONS } from './validation';

/** Candidate values per field; `ABSENT` leaves the field out. */
const ABSENT = Symbol('absent');
type Candidates = Record<string, readonly unknown[]>;

const NAMES = [
  'John',
  '  Jane  ',
  '',
  ' ',
  'a'.repeat(100),
  `${'a'.repeat(100)} `,
  'a'.repeat(101),
  'Zoë',
  '😀',
  'x\uFE0F',
  7,
  null,
  true,
];
const CREATE: Candidates = {
  first_name: [...NAMES, ABSENT],
  last_name: [...NAMES, ABSENT],
  middle_name: ['', ' ', 'Q', 'a'.repeat(100), 'a'.repeat(101), null, 7, ABSENT],
  email: [
    'a@b.co',
    'john.doe@example.com',
    '  padded@example.org  ',
    'UPPER@EXAMPLE.COM',
    'user+tag@sub.domain.co.in',
    'x_y-z@mail.gov.in',
    'john@xn--80ak6aa92e.com',
    `${'a'.repeat(64)}@x.io`,
    `${'a'.repeat(65)}@x.io`,
    `john@${'a'.repeat(63)}.com`,
    `john@${'a'.repeat(64)}.com`,
    `${'a'.repeat(60)}@${'b'.repeat(62)}.com`,
    `${'a'.repeat(60)}@${'b'.repeat(63)}.com`,
    'john..doe@example.com',
    '.john@example.com',
    'john.@example.com',
    'john@-example.com',
    'john@example-.com',
    'john@example.c',
    'john@example.123',
    'john@localhost',
    'john@ex_ample.com',
    'jo hn@example.com',
    'jöhn@example.com',
    '"john"@example.com',
    'john@@example.com',
    '@example.com',
    'john@',
    '',
    5,
    null,
    ABSENT,
  ],
  mobile: [
    '+919876543210',
    '9876543210',
    ' +919876543210 ',
    '123456',
    '12345',
    '+123456789012345',
    '1234567890123456',
    '+91 98765',
    'abc',
    '',
    919876543210,
    null,
    ABSENT,
  ],
  user_type: ['CITIZEN', 'employee', ' system ', 'Business', 'admin', '', ' ', null, 5, ABSENT],
  parent_user_id: ['0b8f2a52-6c1e-4d8a-9a51-3f1c2a7e9b10', ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT],
  unknown_field: ['x', ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT],
};

const SEARCH: Candidates = {
  name: ['jo', ' jo ', '', ' ', 'a'.repeat(100), 'a'.repeat(101), '😀', 3, null, ABSENT, ABSENT],
  email: ['john@', 'j', '', 'a'.repeat(128), 'a'.repeat(129), false, null, ABSENT, ABSENT],
  mobile: ['+91', '+9198', '1'.repeat(16), '1'.repeat(17), '', 919, null, ABSENT, ABSENT],
  limit: [1, 20, 100, 101, 0, -1, 2.5, '20', null, true, 1e3, ABSENT],
  after: ['abc', ABSENT, ABSENT, ABSENT, ABSENT],
};

/** A deterministic sample of combinations (xorshift), so a failure is reproducible. */
function* combinations(candidates: Candidates, count: number): Generator<Record<string, unknown>> {
  let state = 0x2545f491;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  for (let i = 0; i < count; i++) {
    const input: Record<string, unknown> = {};
    for (const [field, values] of Object.entries(candidates)) {
      const value = values[Math.floor(next() * values.length)];
      if (value !== ABSENT) input[field] = value;
    }
    yield input;
  }
}

const fullPath = new ValidationPipe(VALIDATION_OPTIONS);

async function fullVerdict(metatype: new () => object, input: Record<string, unknown>): Promise<object | 'refused'> {
  try {
    return (await fullPath.transform(structuredClone(input), { type: 'body', metatype })) as object;
  } catch {
    return 'refused';
  }
}

describe.each([
  ['CreateUserDto', CreateUserDto, CREATE],
  ['SearchUsersDto', SearchUsersDto, SEARCH],
] as const)('%s.quickAccept', (_name, metatype, candidates) => {
  it('accepts only what class-validator accepts, and builds the same instance', async () => {
    let accepted = 0;
    for (const input of combinations(candidates, 20_000)) {
      const quick = metatype.quickAccept(structuredClone(input));
      if (quick === null) continue;
      accepted++;
      const full = await fullVerdict(metatype, input);
      expect({ input, full }).toEqual({ input, full: expect.any(metatype) });
      expect(quick).toBeInstanceOf(metatype);
      expect(quick).toStrictEqual(full);
    }
    // The sample must exercise the quick path, or this test proves nothing.
    expect(accepted).toBeGreaterThan(100);
  });
});

describe('the validation pipe', () => {
  const pipe = createValidationPipe();

  it('answers a common create by the quick path, as the full validation would', async () => {
    const body = { first_name: ' Asha ', last_name: 'Rao', email: 'asha.rao@example.org', mobile: '+919876543210' };
    const answer = await pipe.transform({ ...body }, { type: 'body', metatype: CreateUserDto });
    expect(answer).toStrictEqual(await fullVerdict(CreateUserDto, body));
    expect(answer).toMatchObject({ first_name: 'Asha' });
  });

  it('still words the refusal of what the quick path is unsure of', async () => {
    await expect(
      pipe.transform(
        { first_name: 'A', last_name: 'B', email: 'not-an-address' },
        { type: 'body', metatype: CreateUserDto },
      ),
    ).rejects.toMatchObject({ status: 400, detail: 'email must be a valid e-mail address' });
  });

  it('takes an empty query as its DTO allows, and refuses it where a field is required', async () => {
    expect(await pipe.transform({}, { type: 'query', metatype: Optional })).toBeInstanceOf(Optional);
    expect(await pipe.transform({}, { type: 'query', metatype: Optional })).toBeInstanceOf(Optional);
    for (let i = 0; i < 2; i++)
      await expect(pipe.transform({}, { type: 'query', metatype: Required })).rejects.toMatchObject({ status: 400 });
  });
});

class Optional {
  @IsOptional()
  @IsString()
  note?: string;
}

class Required {
  @IsString()
  code!: string;
}
