import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EncService, EncServiceError, isCiphertext } from './enc-service';

/** A stand-in egov-enc-service: answers each request with `answer`, and records the requests' paths and bodies. */
class FakeEncService {
  readonly requests: Array<{ path: string; body: unknown }> = [];
  answer: (body: unknown, response: ServerResponse) => void = (body, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify((body as string[]).map((ciphertext) => `plain:${ciphertext.split('|')[1]}`)));
  };
  private server: Server;

  async start(): Promise<string> {
    this.server = createServer((request: IncomingMessage, response: ServerResponse) => {
      let text = '';
      request.on('data', (chunk) => (text += chunk));
      request.on('end', () => {
        const body: unknown = JSON.parse(text);
        this.requests.push({ path: request.url ?? '', body });
        this.answer(body, response);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('isCiphertext', () => {
  it.each([
    ['489366|Akbz2PLPzw2E3FZE7Ak0bdmUKjFMyzo=', true],
    ['1|abc+/==', true],
    ['9876543210', false],
    ['asha@example.org', false],
    ['489366|', false],
    ['x|abc', false],
    [null, false],
  ])('%s → %s', (value, expected) => {
    expect(isCiphertext(value)).toBe(expected);
  });
});

describe('EncService', () => {
  const fake = new FakeEncService();
  let url: string;

  beforeAll(async () => {
    url = await fake.start();
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.requests.length = 0;
  });

  it('decrypts the distinct ciphertexts in one call to /egov-enc-service/crypto/v1/_decrypt', async () => {
    const plaintexts = await new EncService(`${url}/`).decrypt(['1|aaa=', '1|bbb=', '1|aaa=']);

    expect(fake.requests).toEqual([{ path: '/egov-enc-service/crypto/v1/_decrypt', body: ['1|aaa=', '1|bbb='] }]);
    expect([...plaintexts]).toEqual([
      ['1|aaa=', 'plain:aaa='],
      ['1|bbb=', 'plain:bbb='],
    ]);
  });

  it('calls nothing for nothing', async () => {
    expect((await new EncService(url).decrypt([])).size).toBe(0);
    expect(fake.requests).toEqual([]);
  });

  it('fails without repeating the error answer, which quotes the ciphertext', async () => {
    fake.answer = (_body, response) => {
      response.statusCode = 400;
      response.end('{"Errors":[{"message":"1|secret=: Invalid Ciphertext"}]}');
    };
    const failure = new EncService(url).decrypt(['1|secret=']);
    await expect(failure).rejects.toThrow(EncServiceError);
    await expect(failure).rejects.toThrow(/answered HTTP 400/);
    await expect(failure).rejects.not.toThrow(/secret/);
  });

  it('refuses an answer of another shape', async () => {
    fake.answer = (_body, response) => response.end('["only one"]');
    await expect(new EncService(url).decrypt(['1|a=', '1|b='])).rejects.toThrow(/not an array of 2 strings/);
  });

  it('names an unreachable service without its credentials', async () => {
    const failure = new EncService('http://user:hunter2@127.0.0.1:1').decrypt(['1|a=']);
    await expect(failure).rejects.toThrow(/no answer/);
    await expect(failure).rejects.not.toThrow(/hunter2/);
  });
});
