import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsEnum, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { UserRole } from '../../common/principal';
import { normaliseEmail } from './login.dto';
import { NameField } from '../../common/names';

export const INTERFACE_LANGUAGES = ['de', 'en', 'zh'] as const;

export class InviteOfficerDto {
  @ApiProperty({ example: 'anna.becker@bad-homburg.de' })
  @Transform(normaliseEmail)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Anna Becker' })
  @NameField()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  displayName: string;

  @ApiProperty({ example: 'bad-homburg', description: 'The member city whose economic development office the officer works for.' })
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'citySlug must be a member city slug' })
  citySlug: string;

  @ApiPropertyOptional({ enum: UserRole, default: UserRole.Officer })
  @IsOptional()
  @IsEnum(UserRole, { message: 'role must be officer or admin' })
  role: UserRole = UserRole.Officer;

  @ApiPropertyOptional({ enum: INTERFACE_LANGUAGES, default: 'de', description: 'Language of the invitation email.' })
  @IsOptional()
  @IsIn(INTERFACE_LANGUAGES, { message: 'language must be de, en or zh' })
  language: (typeof INTERFACE_LANGUAGES)[number] = 'de';
}

export class UpdateOfficerDto {
  @ApiPropertyOptional({ description: 'true disables the account and ends its sessions; false enables it again.' })
  @IsOptional()
  @Transform(({ obj }) => obj.disabled)
  @IsIn([true, false], { message: 'disabled must be true or false' })
  disabled?: boolean;

  @ApiPropertyOptional({ enum: UserRole })
  @IsOptional()
  @IsEnum(UserRole, { message: 'role must be officer or admin' })
  role?: UserRole;
}
