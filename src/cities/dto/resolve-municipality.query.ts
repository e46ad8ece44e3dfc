import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches, MaxLength } from 'class-validator';

export class ResolveMunicipalityQuery {
  @ApiProperty({ description: 'A town name as a company would write it: any case, with or without umlauts or tone marks.', example: 'Kelsterbach' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MaxLength(100)
  @Matches(/[\p{L}\p{N}]/u, { message: 'municipality must contain at least one letter or digit' })
  municipality: string;
}
