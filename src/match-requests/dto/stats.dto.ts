import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional } from 'class-validator';

export class StatsQuery {
  @ApiPropertyOptional({ format: 'date-time', description: 'Start of the period (requests created from then on); 90 days before "to" by default.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'from must be a date such as 2026-01-01' })
  from?: Date;

  @ApiPropertyOptional({ format: 'date-time', description: 'End of the period (exclusive); now by default.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'to must be a date such as 2026-12-31' })
  to?: Date;
}

export class PartnerCityStatsResponse {
  @ApiProperty({ example: 'foshan' })
  slug: string;

  @ApiProperty({ example: { de: 'Foshan', en: 'Foshan', zh: '佛山' } })
  names: { de: string; en: string; zh: string | null };

  @ApiProperty({ enum: ['DE', 'CN'] })
  country: string;

  @ApiProperty()
  total: number;

  @ApiProperty({ example: { pending_review: 2, accepted: 1 } })
  byStatus: Record<string, number>;

  @ApiPropertyOptional({ type: Number, nullable: true })
  acceptanceRate: number | null;
}

export class StatsResponse {
  @ApiProperty({ example: { from: '2026-08-27T00:00:00.000Z', to: '2026-11-25T00:00:00.000Z' } })
  period: { from: Date; to: Date };

  @ApiProperty()
  total: number;

  @ApiProperty({ example: { pending_review: 3, approved: 1, introduced: 2, accepted: 1, declined: 1 } })
  byStatus: Record<string, number>;

  @ApiProperty({ type: [PartnerCityStatsResponse] })
  byPartnerCity: PartnerCityStatsResponse[];

  @ApiProperty({ example: [{ country: 'CN', total: 5 }] })
  byCountry: Array<{ country: string; total: number }>;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Accepted among accepted, declined and expired introductions.' })
  acceptanceRate: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Median hours from request to the home office’s decision.' })
  medianHoursToDecision: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Median hours from the introduction to the partner’s answer.' })
  medianHoursToAnswer: number | null;
}
