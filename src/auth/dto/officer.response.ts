import { ApiProperty } from '@nestjs/swagger';
import { UserRole } from '../../common/principal';
import { User } from '../user.entity';

export class OfficerResponse {
  @ApiProperty()
  id: string;

  @ApiProperty()
  email: string;

  @ApiProperty()
  displayName: string;

  @ApiProperty({ enum: UserRole })
  role: UserRole;

  @ApiProperty({ type: String, nullable: true })
  citySlug: string | null;

  @ApiProperty({ description: 'False until the invitation link was used to set a password.' })
  passwordSet: boolean;

  @ApiProperty()
  secondFactorEnabled: boolean;

  @ApiProperty()
  disabled: boolean;

  @ApiProperty()
  createdAt: Date;
}

export function toOfficerResponse(user: User, passwordSet: boolean): OfficerResponse {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    citySlug: user.city?.slug ?? null,
    passwordSet,
    secondFactorEnabled: user.totpEnabledAt !== null,
    disabled: user.disabledAt !== null,
    createdAt: user.createdAt,
  };
}
