import { Module } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigModule, loadConfig } from '@roster/config';
import { EgovUserApi, UserServiceApi } from '@roster/user-service-contract';
import { EGOV_CONTROLLERS } from './egov/egov-face';
import { createHttpApp } from './http-app';
import { UsersController } from './users/users.controller';

/**
 * Properties of the OpenAPI document (`/docs-json`) that must stay true between schemathesis runs
 * (scripts/schemathesis/run.sh checks the answers against it): nullable fields keep their type, every operation
 * documents its errors in its face's shape and media type, each header appears once, spelled as sent.
 */

type Schema = Record<string, any>;
interface Operation {
  parameters?: Array<{ name: string; in: string; schema?: Schema }>;
  responses: Record<string, { content?: Record<string, { schema: Schema }>; headers?: Record<string, unknown> }>;
}

const REQUEST_HEADERS = ['If-Match', 'X-Consistency-Token', 'Idempotency-Key', 'Last-Event-ID'];
const RESPONSE_HEADERS = ['ETag', 'Location', 'X-Consistency-Token', 'Retry-After', 'WWW-Authenticate'];
const MOBILE_PATTERN = '^[6-9][0-9]{9}$';

describe('the OpenAPI document', () => {
  let app: NestFastifyApplication;
  let document: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

  beforeAll(async () => {
    const config = loadConfig({ LOG_LEVEL: 'error', ROSTER_MOBILE_PATTERN: MOBILE_PATTERN });
    @Module({
      imports: [ConfigModule.forRoot(config)],
      controllers: [UsersController, ...EGOV_CONTROLLERS],
      providers: [
        { provide: UserServiceApi, useValue: {} },
        { provide: EgovUserApi, useValue: {} },
      ],
    })
    class DocumentTestModule {}

    app = await createHttpApp({ module: DocumentTestModule }, config);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    document = (await app.inject({ method: 'GET', url: '/docs-json' })).json();
  });
  afterAll(() => app.close());

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        label: `${method.toUpperCase()} ${path}`,
        path,
        operation,
      })),
    );
  const faceOf = (path: string) =>
    path.startsWith('/users') ? 'ncore' : path.startsWith('/user-otp/') ? 'otp' : 'egov';

  it('gives every nullable field its type: no bare `type: object` where a string is meant', () => {
    const bare: string[] = [];
    const visit = (schema: Schema, at: string) => {
      if (!schema || typeof schema !== 'object') return;
      const isObject = schema.type === 'object';
      const described = schema.properties || schema.allOf || schema.$ref || schema.additionalProperties !== undefined;
      if (isObject && !described) bare.push(at);
      if (schema.nullable && !schema.type && !schema.allOf && !schema.$ref && !schema.oneOf) bare.push(at);
      for (const [name, property] of Object.entries<Schema>(schema.properties ?? {})) visit(property, `${at}.${name}`);
      if (schema.items) visit(schema.items, `${at}[]`);
      for (const part of [...(schema.allOf ?? []), ...(schema.oneOf ?? [])]) visit(part, at);
    };
    for (const [name, schema] of Object.entries(document.components.schemas)) visit(schema, name);
    expect(bare).toEqual([]);
    expect(document.components.schemas.UserResponse.properties.email).toMatchObject({ type: 'string', nullable: true });
    expect(document.components.schemas.CreateUserDto.properties.middle_name).toMatchObject({
      type: 'string',
      nullable: true,
    });
  });

  it("documents every operation's errors in its face's shape and media type", () => {
    const expected = {
      ncore: {
        statuses: ['400', '401', '403', '431', '503'],
        media: 'application/problem+json',
        schema: 'ProblemResponse',
      },
      egov: { statuses: ['400', '431', '503'], media: 'application/json', schema: 'ErrorResponseDoc' },
      otp: { statuses: ['400', '429', '431', '503'], media: 'application/json', schema: 'UserOtpErrorResponseDoc' },
    };
    for (const { label, path, operation } of operations()) {
      const face = expected[faceOf(path)];
      expect({ label, statuses: Object.keys(operation.responses) }).toEqual({
        label,
        statuses: expect.arrayContaining(face.statuses),
      });
      for (const [status, response] of Object.entries(operation.responses)) {
        const media = Number(status) >= 400 ? face.media : 'application/json';
        // 204 No Content has no body to describe.
        expect({ label, status, media: Object.keys(response.content ?? {}) }).toEqual({
          label,
          status,
          media: status === '204' ? [] : [media],
        });
        if (Number(status) >= 400) {
          expect({ label, status, schema: response.content![media].schema.$ref }).toEqual({
            label,
            status,
            schema: expect.stringMatching(new RegExp(`${face.schema}$`)),
          });
        }
      }
    }
  });

  it('names each header once, as clients spell it', () => {
    for (const { label, operation } of operations()) {
      const headers = (operation.parameters ?? []).filter((parameter) => parameter.in === 'header').map((p) => p.name);
      expect({ label, headers: new Set(headers.map((name) => name.toLowerCase())).size }).toEqual({
        label,
        headers: headers.length,
      });
      for (const name of headers) expect(REQUEST_HEADERS).toContain(name);
      for (const response of Object.values(operation.responses)) {
        for (const name of Object.keys(response.headers ?? {})) expect(RESPONSE_HEADERS).toContain(name);
      }
    }
    const create = document.paths['/users'].post.responses['201'].headers;
    expect(Object.keys(create ?? {}).sort()).toEqual(['ETag', 'Location', 'X-Consistency-Token']);
    expect(Object.keys(document.paths['/users/{id}'].put.responses['412'] ?? {})).not.toHaveLength(0);
  });

  it('documents the erasure: DELETE answers 204 without a body, and reads of an erased user 410', () => {
    const erase = document.paths['/users/{id}'].delete;
    expect(Object.keys(erase.responses).sort()).toEqual(
      ['204', '400', '401', '403', '404', '409', '410', '431', '503'].sort(),
    );
    expect(erase.responses['204'].content).toBeUndefined();
    expect(Object.keys(erase.responses['204'].headers ?? {})).toEqual(['X-Consistency-Token']);
    const reads = [
      document.paths['/users/{id}'].get,
      document.paths['/users/{id}'].put,
      document.paths['/users/{id}/history'].get,
      document.paths['/users/{id}/children'].get,
    ];
    for (const read of reads) expect(Object.keys(read.responses)).toContain('410');
  });

  it('carries the field rules a generator needs for valid requests, the configured mobile pattern included', () => {
    const schemas = document.components.schemas;
    expect(schemas.EgovUserInDoc.properties.mobileNumber.pattern).toBe(MOBILE_PATTERN);
    expect(schemas.EgovOtpDoc.properties.mobileNumber.pattern).toBe(MOBILE_PATTERN);
    expect(JSON.stringify(schemas)).not.toContain('x-roster-mobile-pattern');
    expect(schemas.EgovUserInDoc.properties).toMatchObject({
      tenantId: { pattern: expect.any(String) },
      name: { maxLength: 50, pattern: expect.any(String) },
      emailId: { maxLength: 128, pattern: expect.any(String) },
      gender: { enum: ['FEMALE', 'MALE', 'OTHERS', 'TRANSGENDER'] },
      permanentPinCode: { pattern: '^[1-9][0-9]{5}$' },
      password: { minLength: 8, maxLength: 15, pattern: expect.any(String) },
    });
    expect(schemas.EgovNewCitizenDoc.required).toEqual(
      expect.arrayContaining(['tenantId', 'name', 'mobileNumber', 'otpReference']),
    );
    expect(schemas.CreateUserDto.properties).toMatchObject({
      first_name: { minLength: 1, maxLength: 100 },
      mobile: { pattern: expect.any(String) },
      nationality: { pattern: '^[A-Z]{2}$' },
    });
    for (const name of ['CreateUserDto', 'UpdateUserDto', 'SearchUsersDto', 'AddressDto'])
      expect({ name, closed: schemas[name].additionalProperties }).toEqual({ name, closed: false });
    expect(schemas.EgovUserInDoc.additionalProperties).toBeUndefined();
    const limit = document.paths['/users'].get.parameters!.find((parameter) => parameter.name === 'limit');
    expect(limit?.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 100 });
    for (const search of ['/user/_search', '/user/v1/_search', '/user/citizen/_search']) {
      const query = document.paths[search].post.parameters!.filter((parameter) => parameter.in === 'query');
      expect(query.map((parameter) => parameter.name)).toEqual(
        expect.arrayContaining(['tenantId', 'roleCodes', 'pageSize', 'pageNumber', 'sort']),
      );
      expect(query.find((parameter) => parameter.name === 'pageNumber')?.schema).toMatchObject({ maximum: 1_000_000 });
    }
  });
});
