import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Access, Allow } from '../common/access';
import { InviteOfficerDto, UpdateOfficerDto } from './dto/invite-officer.dto';
import { OfficerResponse, toOfficerResponse } from './dto/officer.response';
import { OfficersService } from './officers.service';
import { CurrentUser } from './principal.decorator';

@ApiTags('admin')
@Controller('api/admin/officers')
export class OfficersController {
  constructor(private readonly officers: OfficersService) {}

  @Get()
  @Allow(Access.Admin)
  @ApiOperation({ summary: 'Officer and admin accounts.' })
  @ApiOkResponse({ type: [OfficerResponse] })
  async list(): Promise<OfficerResponse[]> {
    return (await this.officers.list()).map(({ user, passwordSet }) => toOfficerResponse(user, passwordSet));
  }

  @Post()
  @Allow(Access.Admin)
  @ApiOperation({ summary: 'Invites an officer by email with a one-time link (valid 7 days) to set the password.' })
  @ApiCreatedResponse({ type: OfficerResponse })
  @ApiConflictResponse({ description: 'The email address has an account already.' })
  @ApiUnprocessableEntityResponse({ description: 'Unknown member city.' })
  async invite(@Body() body: InviteOfficerDto, @CurrentUser() admin: { userId: string }): Promise<OfficerResponse> {
    return toOfficerResponse(await this.officers.invite(body, admin.userId), false);
  }

  @Patch(':id')
  @Allow(Access.Admin)
  @ApiOperation({ summary: 'Disables or enables an account (disabling ends its sessions) or changes its role.' })
  @ApiOkResponse({ type: OfficerResponse })
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateOfficerDto, @CurrentUser() admin: { userId: string }): Promise<OfficerResponse> {
    const { user, passwordSet } = await this.officers.update(id, body, admin.userId);
    return toOfficerResponse(user, passwordSet);
  }
}
