import { ApiProperty } from '@nestjs/swagger';
import { CityResponse, LocalizedNames } from './city.response';

export class MunicipalityResolutionResponse {
  @ApiProperty({ example: 'Kelsterbach', description: 'The municipality as the platform spells it.' })
  municipality: string;

  @ApiProperty({ type: CityResponse })
  city: CityResponse;
}

export class NearestMunicipality {
  @ApiProperty({ example: 'Kelsterbach' })
  municipality: string;

  @ApiProperty({ example: 'ruesselsheim-raunheim-kelsterbach' })
  citySlug: string;

  @ApiProperty({ type: LocalizedNames })
  cityNames: LocalizedNames;
}

export class MunicipalityNotFoundResponse {
  @ApiProperty({ example: 404 })
  statusCode: number;

  @ApiProperty({ example: 'Frankfurt am Main is not in any ISA member city.' })
  message: string;

  @ApiProperty({ example: 'municipality' })
  field: string;

  @ApiProperty({ type: [NearestMunicipality], description: 'Closest names of member municipalities, best first.' })
  nearestMatches: NearestMunicipality[];
}
