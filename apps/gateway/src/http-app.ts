import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { RosterConfig } from '@roster/config';
import { createJsonLogger, observeHttp, serveMetrics } from '@roster/observability';
import { frameworkErrorOptions, installRequestGuards } from './http/request-guards';
import { exactOpenApiDocument } from './openapi-document';
import { ProblemFilter } from './problems/problem.filter';
import { createValidationPipe } from './problems/validation';

/** Builds the Fastify-based Nest application that serves the HTTP API and its OpenAPI document. */
export async function createHttpApp(rootModule: DynamicModule, config: RosterConfig): Promise<NestFastifyApplication> {
  // DIGIT deployments configure egov-user's host with a trailing slash, so its clients call `//user/_search`
  // and `/user/users//_createnovalidate`; egov-user (Spring) routed those, so Roster does too.
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    routerOptions: { ignoreDuplicateSlashes: true },
    ...frameworkErrorOptions(),
  });
  const logger = createJsonLogger(config.logLevel);
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, { logger, abortOnError: false });
  observeHttp(app.getHttpAdapter().getInstance(), logger.pino);
  installRequestGuards(app, config.bodyLimitBytes);
  // After the guards, so that the 405 table knows /metrics.
  serveMetrics(app.getHttpAdapter().getInstance());
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  app.enableShutdownHooks();
  const document = () => exactOpenApiDocument(SwaggerModule.createDocument(app, openApiConfig()), config);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
  });
  return app;
}

function openApiConfig() {
  return new DocumentBuilder()
    .setTitle('Roster')
    .setDescription(
      'Event-sourced user management over one domain, two faces: the nCore-style users API with an n-level hierarchy ' +
        '(errors are RFC 9457 problem documents) and the DIGIT egov-user API under /user and /user-otp (RequestInfo ' +
        'envelopes; errors are the egov {ResponseInfo, Errors[]} envelope).',
    )
    .setVersion('0.1.0')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key' }, 'apiKey')
    .build();
}
