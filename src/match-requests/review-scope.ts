import { UserRole } from '../common/principal';

export interface Reviewer {
  userId: string;
  role: UserRole;
  cityId: string | null;
}

/**
 * Which office may decide what. The home office of this installation (HOME_CITY) reviews every request, and so may the
 * office of the requester's city; only the partner city's office decides in its own step. Administrators may do either.
 */
export class ReviewScope {
  constructor(readonly homeCityId: string) {}

  seesEverything(reviewer: Reviewer): boolean {
    return reviewer.role === UserRole.Admin || reviewer.cityId === this.homeCityId;
  }

  mayReview(reviewer: Reviewer, requesterCityId: string): boolean {
    return this.seesEverything(reviewer) || reviewer.cityId === requesterCityId;
  }

  mayDecideForPartnerOffice(reviewer: Reviewer, targetCityId: string): boolean {
    return reviewer.role === UserRole.Admin || reviewer.cityId === targetCityId;
  }

  maySee(reviewer: Reviewer, requesterCityId: string, targetCityId: string): boolean {
    return this.seesEverything(reviewer) || reviewer.cityId === requesterCityId || reviewer.cityId === targetCityId;
  }
}
