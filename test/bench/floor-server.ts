/**
 * The server of the HTTP benchmark with one more route, for a floor: `POST /api/v1/floor/dossiers/{id}/events` does
 * what every write must do before the engine decides anything — the token and role (the global guard), the scope
 * check of the dossier, the event's fields checked by its DTO (class-validator) — and answers. Nothing is decided,
 * hashed, stored or projected. Run as its own process by http.bench.ts; never part of the product.
 */
import { Body, Controller, DynamicModule, HttpCode, Module, Param, Post } from '@nestjs/common';
import { loadConfig } from '../../src/config/config';
import { Dossiers } from '../../src/engine/dossiers';
import { NotFoundError } from '../../src/engine/errors';
import { Caller, Principal, Requires } from '../../src/http/auth/auth';
import { parseEventBody } from '../../src/http/dossiers/event-dtos';
import { serve } from '../../src/main';
import { OrgDirectory } from '../../src/read-models/org-directory';

@Controller('floor/dossiers')
class FloorController {
  constructor(
    private readonly dossiers: Dossiers,
    private readonly orgs: OrgDirectory,
  ) {}

  @Post(':id/events')
  @HttpCode(200)
  @Requires('clerk')
  async checkOnly(@Param('id') id: string, @Body() body: unknown, @Caller() caller: Principal): Promise<{ id: string; type: string }> {
    if (!this.orgs.visible(await this.dossiers.cellOf(id), caller.orgId)) throw new NotFoundError(`dossier ${id}`);
    return { id, type: parseEventBody(body).type };
  }
}

function withFloor(app: DynamicModule): DynamicModule {
  @Module({ imports: [app], controllers: [FloorController] })
  class FloorModule {}
  return { module: FloorModule };
}

void serve(loadConfig(), withFloor);
