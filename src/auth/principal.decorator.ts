import { createParamDecorator, ExecutionContext, UnauthorizedException } from '@nestjs/common';
import { Principal } from '../common/principal';
import type { AuthenticatedRequest } from './access.guard';

/** The signed-in principal of the request (the route's @Allow rules have already admitted it). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new UnauthorizedException();
  return principal;
});

/** The signed-in staff user; refuses company sessions. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): Extract<Principal, { type: 'user' }> => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (principal?.type !== 'user') throw new UnauthorizedException();
  return principal;
});

/** The principal when the request carries a live session, on routes open to everyone. */
export const OptionalPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal | undefined => context.switchToHttp().getRequest<AuthenticatedRequest>().principal);
