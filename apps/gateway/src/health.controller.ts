import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { HealthReport, UserServiceApi } from '@roster/user-service-contract';

const example = {
  status: 'ok',
  eventStore: { status: 'up', head: '42' },
  readModel: { status: 'up', checkpoint: '42' },
};

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly userService: UserServiceApi) {}

  /** 200 when every store answers, 503 (same body) when one does not. */
  @Get()
  @ApiOkResponse({ schema: { example } })
  @ApiServiceUnavailableResponse({ description: 'a store is down; the body says which' })
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const report = await this.userService.health();
    if (report.status !== 'ok') reply.status(503);
    return report;
  }
}
