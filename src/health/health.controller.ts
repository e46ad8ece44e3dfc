import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { OutboxHealthIndicator } from './outbox.health';
import { RedisHealthIndicator } from './redis.health';
import { Access, Allow } from '../common/access';

const CHECK_TIMEOUT_MS = 1500;

@ApiTags('health')
@Allow(Access.Public)
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly outbox: OutboxHealthIndicator,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process is up and serving HTTP.' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis answer within 1.5 s each; `outbox.waitingForQueue` counts emails not in the queue yet (informative).' })
  @ApiServiceUnavailableResponse({ description: 'At least one dependency is down; details name it.' })
  ready() {
    return this.health.check([
      () => this.database.pingCheck('database').withTimeout(CHECK_TIMEOUT_MS),
      () => this.redis.pingCheck('redis', CHECK_TIMEOUT_MS),
      () => this.outbox.waitingForQueue('outbox', CHECK_TIMEOUT_MS),
    ]);
  }
}
