import { BeforeApplicationShutdown, Controller, Get, Headers, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { READ_USERS } from '@roster/domain';
import { UserServiceApi } from '@roster/user-service-contract';
import type { FastifyReply } from 'fastify';
import { ApiKeyGuard, AuthenticatedRequest, RequirePermission } from '../auth/api-key.guard';
import { ProblemResponses } from '../users/dto/problem.response';
import { ChangePageResponse, toChangePageResponse } from './change-page.response';
import { ChangesQueryDto, DEFAULT_CHANGES_LIMIT } from './changes-query.dto';
import { ChangeStreams } from './change-stream';

const LAST_EVENT_ID = 'Last-Event-ID';

/**
 * The tenant's change feed: every user event in log order, in the events topic's public shape — the alternative
 * to Kafka for services without it, and to polling `lastChangedSince` (docs/ncore-api.md, "Change feed").
 */
@ApiTags('changes (nCore)')
@ApiSecurity('apiKey')
@UseGuards(ApiKeyGuard)
@Controller()
export class ChangesController implements BeforeApplicationShutdown {
  private readonly streams = new ChangeStreams();

  constructor(private readonly userService: UserServiceApi) {}

  beforeApplicationShutdown(): void {
    this.streams.closeAll();
  }

  @Get('changes')
  @RequirePermission(READ_USERS)
  @ApiOperation({
    summary: "The tenant's user events in log order after a cursor; long poll with `wait`, or SSE",
    description:
      'With `Accept: text/event-stream` the same feed as Server-Sent Events (one event per user event: `id` its cursor, ' +
      '`event` its type, `data` its JSON), resumable with `Last-Event-ID`.',
  })
  @ApiProduces('application/json', 'text/event-stream')
  @ApiHeader({
    name: LAST_EVENT_ID,
    required: false,
    description: 'SSE: resume after the event with this id (takes the place of `after`)',
    schema: { type: 'string', maxLength: 2048 },
  })
  @ApiOkResponse({ type: ChangePageResponse })
  @ProblemResponses(400, 401, 403, 503)
  async changes(
    @Req() request: AuthenticatedRequest,
    @Query() query: ChangesQueryDto,
    // Not passthrough: an SSE answer is written to the socket, never handed back to Nest.
    @Res() reply: FastifyReply,
    @Headers('accept') accept?: string,
    @Headers(LAST_EVENT_ID) lastEventId?: string,
  ): Promise<void> {
    const tenantId = request.principal.tenantId;
    const limit = query.limit ?? DEFAULT_CHANGES_LIMIT;
    if (accept?.includes('text/event-stream')) {
      return this.streams.serve(this.userService, reply, {
        tenantId,
        after: lastEventId || query.after || null,
        limit,
      });
    }
    const page = await this.userService.readChanges(tenantId, {
      after: query.after ?? null,
      limit,
      waitMs: (query.wait ?? 0) * 1000,
    });
    await reply.send(toChangePageResponse(page));
  }
}
