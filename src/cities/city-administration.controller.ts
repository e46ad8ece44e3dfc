import { Body, Controller, Delete, HttpCode, HttpStatus, Param, Post, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/principal.decorator';
import { Access, Allow } from '../common/access';
import { Officer } from './officer-scope';
import { CityAdministrationService } from './city-administration.service';
import { CreateMemberCityDto, CreateRegionDto, MunicipalityNamesDto } from './dto/create-member-city.dto';
import { OfficeContactDto } from './dto/office-contact.dto';

@ApiTags('cities')
@Controller('api')
export class CityAdministrationController {
  constructor(private readonly administration: CityAdministrationService) {}

  @Put('officer/cities/:slug/office-contact')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Allow(Access.Officer)
  @ApiOperation({ summary: "Enters or replaces a member city's economic development office contact and how introductions are routed: the home office for every member, other officers for their own city." })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'Unknown member city.' })
  async saveOfficeContact(@Param('slug') slug: string, @Body() body: OfficeContactDto, @CurrentUser() officer: Officer): Promise<void> {
    await this.administration.saveOfficeContact(officer, slug, body);
  }

  @Delete('officer/cities/:slug/office-contact')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Allow(Access.Officer)
  @ApiOperation({ summary: 'Removes an office contact that is no longer valid; the member shows as missing one. The home office for every member, other officers for their own city.' })
  @ApiNoContentResponse()
  async removeOfficeContact(@Param('slug') slug: string, @CurrentUser() officer: Officer): Promise<void> {
    await this.administration.removeOfficeContact(officer, slug);
  }

  @Post('admin/regions')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Allow(Access.Admin)
  @ApiOperation({ summary: 'Adds a federal state or province, for a new member there.' })
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'The region exists already.' })
  async addRegion(@Body() body: CreateRegionDto): Promise<void> {
    await this.administration.addRegion(body);
  }

  @Post('admin/cities')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Allow(Access.Admin)
  @ApiOperation({ summary: 'Adds a new ISA member city.' })
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'The slug or one of the municipality names is taken.' })
  async addMember(@Body() body: CreateMemberCityDto): Promise<void> {
    await this.administration.addMember(body);
  }

  @Post('admin/cities/:slug/municipalities')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Allow(Access.Admin)
  @ApiOperation({ summary: 'Adds towns or alternative names to a member city.' })
  @ApiNoContentResponse()
  async addMunicipalities(@Param('slug') slug: string, @Body() body: MunicipalityNamesDto): Promise<void> {
    await this.administration.addMunicipalities(slug, body.names);
  }
}
