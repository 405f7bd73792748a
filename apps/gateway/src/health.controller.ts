import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RosterConfig } from '@roster/config';
import { notReadyReason } from '@roster/observability';
import { HealthReport, UserServiceApi } from '@roster/user-service-contract';

const example = {
  status: 'ok',
  eventStore: { status: 'up', head: '42' },
  readModel: { status: 'up', checkpoint: '42' },
};

const readinessSchema = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['ready', 'not ready'] }, reason: { type: 'string' } },
};

export interface Readiness {
  status: 'ready' | 'not ready';
  reason?: string;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly userService: UserServiceApi,
    private readonly config: RosterConfig,
  ) {}

  /** 200 when every store answers, 503 (same body) when one does not. */
  @Get()
  @ApiOkResponse({ schema: { example } })
  @ApiServiceUnavailableResponse({ description: 'a store is down; the body says which' })
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const report = await this.userService.health();
    if (report.status !== 'ok') reply.status(503);
    return report;
  }

  /** Liveness: the process answers. Asks no store, so a store outage does not get the process restarted. */
  @Get('live')
  @ApiOperation({ summary: 'liveness: the process answers (no store is asked)' })
  @ApiOkResponse({
    schema: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['up'] } } },
  })
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  /**
   * Readiness: the stores answer and the read model trails the log's head by at most ROSTER_READY_MAX_LAG_EVENTS
   * events; 503 with the reason otherwise.
   */
  @Get('ready')
  @ApiOperation({ summary: 'readiness: stores reachable and the read model within ROSTER_READY_MAX_LAG_EVENTS' })
  @ApiOkResponse({ schema: { ...readinessSchema, example: { status: 'ready' } } })
  @ApiServiceUnavailableResponse({
    schema: { ...readinessSchema, example: { status: 'not ready', reason: 'the read model is unreachable' } },
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<Readiness> {
    const reason = await this.reasonNotReady();
    if (reason === null) return { status: 'ready' };
    reply.status(503);
    return { status: 'not ready', reason };
  }

  private async reasonNotReady(): Promise<string | null> {
    try {
      return notReadyReason(await this.userService.health(), this.config.observability.readyMaxLagEvents);
    } catch {
      return 'the user-service does not answer';
    }
  }
}
