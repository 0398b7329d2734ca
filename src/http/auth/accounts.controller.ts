/**
 * Accounts of people, managed by admins inside their subtree: create one (with its first password), disable one.
 * Usernames are `[a-z0-9._-]{3,64}` after NFC and lower case, and permanent; display names are NFC, trimmed,
 * 1–120 characters without control characters. A refusal changes nothing.
 */
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { Accounts, AccountState, checkPassword, decideChangeScope, decideDisable, normaliseDisplayName, normaliseUsername, Role, ROLES } from '../../engine/accounts';
import { NotFoundError } from '../../engine/errors';
import { hashPassword } from '../../engine/passwords';
import { OrgDirectory } from '../../read-models/org-directory';
import { ReadFence } from '../../read-models/read-fence';
import { Caller, commandContextOf, Principal, Requires } from './auth';
import { refuseAbove } from './tokens.controller';

export class CreateAccountDto {
  @ApiProperty({ example: 'nguyen.thi.lan', description: '3–64 characters of a-z 0-9 . _ - (lower-cased); permanent' })
  @IsString()
  @MaxLength(1000)
  username!: string;

  @ApiProperty({ example: 'Nguyễn Thị Lan', description: 'the actor of what the account records; 1–120 characters' })
  @IsString()
  @MaxLength(1000)
  displayName!: string;

  @ApiProperty({ enum: ROLES, example: 'clerk' })
  @IsIn(ROLES)
  role!: Role;

  @ApiProperty({ example: 'chi-bo-cong-ty-a' })
  @Matches(/^[a-z0-9-]{1,64}$/)
  orgId!: string;

  @ApiProperty({ minLength: 10, description: 'the first password (at least 10 characters); stored as a scrypt hash' })
  @IsString()
  @MaxLength(1024)
  password!: string;
}

export class AccountScopeDto {
  @ApiProperty({ enum: ROLES, example: 'clerk' })
  @IsIn(ROLES)
  role!: Role;

  @ApiProperty({ example: 'dang-uy-phuong-binh-duong', description: 'the organisation whose subtree the account acts in from now on' })
  @Matches(/^[a-z0-9-]{1,64}$/)
  orgId!: string;
}

export class AccountAnswer {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty() orgId!: string;
  @ApiProperty({ enum: ['person', 'machine'] }) kind!: string;
  @ApiProperty() disabled!: boolean;
}

export function accountAnswer(account: AccountState): AccountAnswer {
  const { id, username, displayName, role, orgId, kind, disabled } = account;
  return { id, username, displayName, role, orgId, kind, disabled };
}

@ApiTags('accounts and sessions')
@ApiBearerAuth()
@Controller('accounts')
export class AccountsController {
  constructor(
    private readonly accounts: Accounts,
    private readonly orgs: OrgDirectory,
    private readonly fence: ReadFence,
  ) {}

  @Post()
  @HttpCode(201)
  @Requires('admin')
  @ApiOperation({ summary: 'Create a person\'s account in the caller\'s subtree, with its first password' })
  @ApiResponse({ status: 201, type: AccountAnswer })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED (with messageVi per field): username, display name or password not acceptable' })
  @ApiResponse({ status: 409, description: 'ACCOUNT_EXISTS: the username is taken' })
  async create(@Body() body: CreateAccountDto, @Caller() caller: Principal): Promise<AccountAnswer> {
    const username = normaliseUsername(body.username);
    const displayName = normaliseDisplayName(body.displayName);
    const password = checkPassword(body.password);
    this.orgs.require(body.orgId, caller.orgId);
    refuseAbove(caller, body.role);
    const { account, position } = await this.accounts.create({ username, displayName, role: body.role, orgId: body.orgId, kind: 'person' }, commandContextOf(caller, body.orgId), {
      password: await hashPassword(password),
    });
    this.fence.written(position);
    return accountAnswer(account);
  }

  @Get(':id')
  @Requires('admin')
  @ApiResponse({ status: 200, type: AccountAnswer })
  async get(@Param('id') id: string, @Caller() caller: Principal): Promise<AccountAnswer> {
    return accountAnswer(await this.visible(id, caller));
  }

  @Post(':id/disable')
  @HttpCode(200)
  @Requires('admin')
  @ApiOperation({ summary: 'Disable an account: its sessions and tokens answer 401 from now on; it cannot be enabled again' })
  @ApiResponse({ status: 200, type: AccountAnswer })
  async disable(@Param('id') id: string, @Caller() caller: Principal): Promise<AccountAnswer> {
    const account = await this.visible(id, caller);
    const { state, position } = await this.accounts.run(account.id, commandContextOf(caller, account.orgId), (s) => decideDisable(s, account.id));
    this.fence.written(position);
    return accountAnswer(state!);
  }

  @Post(':id/scope')
  @HttpCode(200)
  @Requires('admin')
  @ApiOperation({ summary: 'Change an account\'s role or organisation (a clerk moved to another cell): its sessions and tokens act with the new scope at once' })
  @ApiResponse({ status: 200, type: AccountAnswer })
  @ApiResponse({ status: 403, description: 'FORBIDDEN: a role above the caller\'s own' })
  @ApiResponse({ status: 404, description: 'NOT_FOUND: the account or the organisation lies outside the caller\'s subtree' })
  async changeScope(@Param('id') id: string, @Body() body: AccountScopeDto, @Caller() caller: Principal): Promise<AccountAnswer> {
    const account = await this.visible(id, caller);
    this.orgs.require(body.orgId, caller.orgId);
    refuseAbove(caller, body.role);
    const { state, position } = await this.accounts.run(account.id, commandContextOf(caller, body.orgId), (s) => decideChangeScope(s, account.id, body));
    this.fence.written(position);
    return accountAnswer(state!);
  }

  private async visible(id: string, caller: Principal): Promise<AccountState> {
    const account = /^[0-9a-f-]{36}$/.test(id) ? await this.accounts.get(id) : undefined;
    if (!account || !this.orgs.visible(account.orgId, caller.orgId)) throw new NotFoundError(`account ${id}`);
    return account;
  }
}
