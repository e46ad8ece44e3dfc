import { ForbiddenException } from '@nestjs/common';
import { UserRole } from '../common/principal';

/** The staff member an authority question is about (a signed-in user principal fits). */
export interface Officer {
  userId: string;
  role: UserRole;
  cityId: string | null;
}

/**
 * Who among the staff may do what, and for which city: the one place these rules live (README, "Authority").
 *
 * The home office (officers of HOME_CITY) and administrators act for the whole installation. An officer of another
 * member city acts only where a company of that city is involved, sees what deciding needs and no contact data,
 * and keeps only the own city's office contact. Services ask before their first write, in the same transaction.
 */
export class OfficerScope {
  constructor(readonly homeCityId: string) {}

  /** Officers of HOME_CITY and administrators: profile review, erasure, audit log, CSV import, emails, every request. */
  isHomeOffice(officer: Officer): boolean {
    return officer.role === UserRole.Admin || officer.cityId === this.homeCityId;
  }

  requireHomeOffice(officer: Officer): void {
    if (!this.isHomeOffice(officer)) throw forbidden('Only the home office of this installation and administrators may do this.');
  }

  /** Acting on behalf of a company (its suggestions, proposing an introduction for it): the home office, or the company's own city office. */
  mayActFor(officer: Officer, companyCityId: string): boolean {
    return this.isHomeOffice(officer) || officer.cityId === companyCityId;
  }

  requireActingFor(officer: Officer, companyCityId: string): void {
    if (!this.mayActFor(officer, companyCityId)) throw forbidden('Your office acts only for companies of its own city.');
  }

  /** The first review of a request: the home office, or the office of the requester's city. */
  mayReview(officer: Officer, requesterCityId: string): boolean {
    return this.mayActFor(officer, requesterCityId);
  }

  /** The partner office's own step, where its city asks to approve introductions too. */
  mayDecideForPartnerOffice(officer: Officer, targetCityId: string): boolean {
    return officer.role === UserRole.Admin || officer.cityId === targetCityId;
  }

  /** A request exists for an officer only if it involves a company of the officer's city (or the officer is the home office). */
  maySeeRequest(officer: Officer, requesterCityId: string, targetCityId: string): boolean {
    return this.isHomeOffice(officer) || officer.cityId === requesterCityId || officer.cityId === targetCityId;
  }

  /**
   * Contact persons of companies: the home office only. A partner office decides on the profiles; it receives the
   * contact persons through the introduction and contact-exchange emails it is in Cc of, as every party does.
   */
  seesContactData(officer: Officer): boolean {
    return this.isHomeOffice(officer);
  }

  /** A member city's office contact sets Reply-To, Cc and routing of introductions: its own officers and the home office keep it. */
  mayKeepOfficeContact(officer: Officer, cityId: string): boolean {
    return this.isHomeOffice(officer) || officer.cityId === cityId;
  }

  requireOfficeContactOf(officer: Officer, cityId: string): void {
    if (!this.mayKeepOfficeContact(officer, cityId)) throw forbidden('Your office keeps only its own office contact.');
  }
}

function forbidden(message: string): ForbiddenException {
  return new ForbiddenException({ statusCode: 403, error: 'Forbidden', message });
}
