import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { HomeCityModule } from '../cities/home-city.module';
import { MailModule } from '../mail/mail.module';
import { AccessGuard } from './access.guard';
import { AuthToken } from './auth-token.entity';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { EmailTokenService } from './email-token.service';
import { LoginThrottle } from './login-throttle';
import { OfficerNotifier } from './officer-notifier.service';
import { OfficersController } from './officers.controller';
import { OfficersService } from './officers.service';
import { Session } from './session.entity';
import { SessionService } from './session.service';
import { User } from './user.entity';

@Module({
  imports: [TypeOrmModule.forFeature([User, Session, AuthToken]), AuditModule, HomeCityModule, MailModule],
  controllers: [AuthController, OfficersController],
  providers: [AuthService, OfficersService, SessionService, EmailTokenService, OfficerNotifier, LoginThrottle, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [SessionService, EmailTokenService, OfficerNotifier, AuthService, OfficersService],
})
export class AuthModule {}
