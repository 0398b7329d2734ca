import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { randomBytes, randomUUID } from 'node:crypto';
import { BusinessDay } from '../../engine/clock';
import { tokenStream, tokenStreamId } from '../../engine/admin-streams';
import { Engine } from '../../engine/engine';
import { OrgDirectory } from '../../read-models/org-directory';
import { ProjectionRunner } from '../../read-models/projection-runner';
import { Caller, hashToken, Principal, Requires, Role, ROLES } from './auth';

export class CreateTokenDto {
  @ApiProperty({ example: 'can-bo-van-thu-vsip', description: 'who the token is for; recorded as the actor of what it does' })
  @IsString()
  @Length(1, 200)
  subject!: string;

  @ApiProperty({ enum: ROLES, example: 'clerk' })
  @IsIn(ROLES)
  role!: Role;

  @ApiProperty({ example: 'dang-bo-kcn-vsip', description: 'the organisation whose subtree the token sees' })
  @Matches(/^[a-z0-9-]{1,64}$/)
  orgId!: string;
}

@ApiTags('tokens')
@ApiBearerAuth()
@Controller('tokens')
export class TokensController {
  constructor(
    private readonly engine: Engine,
    private readonly orgs: OrgDirectory,
    private readonly runner: ProjectionRunner,
    private readonly day: BusinessDay,
  ) {}

  @Post()
  @HttpCode(201)
  @Requires('admin')
  async create(@Body() body: CreateTokenDto, @Caller() caller: Principal): Promise<{ token: string; tokenId: string } & CreateTokenDto> {
    this.orgs.require(body.orgId, caller.orgId);
    const { token, tokenId, position } = await issueToken(this.engine, this.day, body, { actor: caller.subject, orgId: caller.orgId ?? body.orgId });
    // The token works as soon as this answer arrives: wait until the read model has it.
    if (position !== undefined) await this.runner.waitFor(position, 5000);
    return { token, tokenId, subject: body.subject, role: body.role, orgId: body.orgId };
  }
}

/** Records a new token (only its hash is stored) and returns it: the one time it is ever shown. Also `ketnap tokens create`. */
export async function issueToken(
  engine: Engine,
  day: BusinessDay,
  body: CreateTokenDto,
  by: { actor: string; orgId: string },
): Promise<{ token: string; tokenId: string; position?: number }> {
  const token = `ktn_${randomBytes(32).toString('base64url')}`;
  const tokenId = randomUUID();
  const result = await engine.execute(tokenStream, tokenStreamId(tokenId), by, () => [
    {
      type: 'TokenIssued',
      data: { tokenId, tokenHash: hashToken(token), subject: body.subject, role: body.role, orgId: body.orgId },
      occurredOn: day.today(),
    },
  ]);
  return { token, tokenId, position: result.position };
}
