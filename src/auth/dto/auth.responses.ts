import { ApiProperty } from '@nestjs/swagger';
import { Principal, UserRole } from '../../common/principal';

export class PrincipalResponse {
  @ApiProperty({ enum: ['user', 'company'] })
  type: 'user' | 'company';

  @ApiProperty({ type: String, nullable: true })
  userId: string | null;

  @ApiProperty({ enum: UserRole, nullable: true })
  role: UserRole | null;

  @ApiProperty({ type: String, nullable: true, description: 'Member city of the officer.' })
  cityId: string | null;

  @ApiProperty({ type: String, nullable: true })
  companyId: string | null;
}

export class SessionResponse {
  @ApiProperty({ type: PrincipalResponse })
  principal: PrincipalResponse;

  @ApiProperty()
  expiresAt: Date;
}

export class TokenSessionResponse extends SessionResponse {
  @ApiProperty({ description: 'Send as `Authorization: Bearer <token>`. Shown once.' })
  token: string;
}

export class TotpSetupResponse {
  @ApiProperty({ description: 'Base32 secret for manual entry.' })
  secret: string;

  @ApiProperty({ description: 'otpauth:// URI for a QR code.' })
  otpauthUri: string;
}

export function toPrincipalResponse(principal: Principal): PrincipalResponse {
  return principal.type === 'user'
    ? { type: 'user', userId: principal.userId, role: principal.role, cityId: principal.cityId, companyId: null }
    : { type: 'company', userId: null, role: null, cityId: null, companyId: principal.companyId };
}
