export enum UserRole {
  Admin = 'admin',
  Officer = 'officer',
}

/** Who a request acts for, resolved from its session. */
export type Principal =
  | { type: 'user'; userId: string; role: UserRole; cityId: string | null; sessionId: string }
  | { type: 'company'; companyId: string; sessionId: string };
