import { headOf } from './event-log';
import type { HttpAnswer } from './http-client';

/**
 * Sends a request and checks it was refused cleanly on the nCore face: the status, a problem document naming
 * `field` (and `code`), and an event log that did not grow.
 */
export async function expectProblem(
  dataDir: string,
  request: () => Promise<HttpAnswer>,
  status: number,
  field: string,
  code?: string,
): Promise<HttpAnswer> {
  const before = await headOf(dataDir);
  const answer = await request();
  expect({ status: answer.status, body: answer.body }).toMatchObject({ status });
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  expect(answer.body).toMatchObject({
    status,
    type: expect.stringContaining('urn:roster:problem:'),
    title: expect.any(String),
  });
  if (code) expect(answer.body.code).toBe(code);
  expect(answer.body.errors.map((error: { field: string }) => error.field)).toContain(field);
  expect(await headOf(dataDir)).toBe(before);
  return answer;
}
