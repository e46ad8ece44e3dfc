import { ApiProperty } from '@nestjs/swagger';
import { IsEnum } from 'class-validator';
import { OfficerNotificationMode } from '../user.entity';

export class NotificationSettingsDto {
  @ApiProperty({ enum: OfficerNotificationMode, description: 'immediate: an email for each profile or request waiting for review; daily: one summary each morning; off: none.' })
  @IsEnum(OfficerNotificationMode, { message: 'mode must be one of: immediate, daily, off' })
  mode: OfficerNotificationMode;
}
