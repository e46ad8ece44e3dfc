import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';

export enum Access {
  /** Anyone, signed in or not. */
  Public = 'public',
  /** Officers of any member city's economic development office (admins too); the service narrows it to their city. */
  Officer = 'officer',
  /** Officers of the member city this installation serves (HOME_CITY), and administrators. */
  HomeOffice = 'home office',
  /** Administrators only. */
  Admin = 'admin',
  /** Any signed-in company user, for routes about its own session or account. */
  Company = 'company',
}

/** A company user, for the company whose id is in the named route parameter. */
export interface OwnCompanyRule {
  ownCompanyParam: string;
}

export type AccessRule = Access | OwnCompanyRule;

export const ACCESS_RULES = 'isa:access-rules';
export const SESSION_COOKIE = 'isa_session';

export const ownCompany = (routeParam: string): OwnCompanyRule => ({ ownCompanyParam: routeParam });

/**
 * Who may call a route; any matching rule grants access. Every route declares this next to itself:
 * a route without it is refused (deny by default).
 */
export function Allow(...rules: [AccessRule, ...AccessRule[]]): MethodDecorator & ClassDecorator {
  const decorators: Array<ClassDecorator | MethodDecorator> = [SetMetadata(ACCESS_RULES, rules)];
  if (!rules.includes(Access.Public)) {
    decorators.push(
      ApiCookieAuth(SESSION_COOKIE),
      ApiBearerAuth(),
      ApiUnauthorizedResponse({ description: 'No valid session.' }),
      ApiForbiddenResponse({ description: `Allowed for: ${rules.map(describeRule).join(', ')}.` }),
    );
  }
  return applyDecorators(...decorators);
}

export function describeRule(rule: AccessRule): string {
  return typeof rule === 'string' ? rule : `the company in :${rule.ownCompanyParam}`;
}
