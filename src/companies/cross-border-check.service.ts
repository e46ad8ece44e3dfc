import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Principal } from '../common/principal';
import { CHINA_TRANSFER_CONSENT_LINK, crossesBorder, mayCrossBorderSql, refusalCodeFor, visibleFromSql } from './cross-border-policy';

export interface CrossBorderParty {
  id: string;
  role: 'requester' | 'target';
}

export interface CrossBorderState {
  companyId: string;
  country: string;
  mayCross: boolean;
  chinaTransferConsent: { version: string; givenAt: Date } | null;
  transferBasis: string | null;
}

/** Applies the cross-border rule to named companies: the state of each, and the refusal of a pair that may not meet. */
@Injectable()
export class CrossBorderCheck {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The side of the border a reader is on, where the rule narrows what it sees: a company's own city, and an
   * officer of a Chinese member city. Null for anonymous readers (who cannot be located reliably) and for German
   * officers and administrators, whose offices hold the data in Germany and manage all of it.
   */
  async viewerCountry(principal: Principal | undefined): Promise<string | null> {
    if (!principal) return null;
    if (principal.type === 'user') return this.officerCountry(principal.cityId);
    const [row] = await this.dataSource.query(`SELECT city.country FROM companies c JOIN cities city ON city.id = c.city_id WHERE c.id = $1`, [principal.companyId]);
    return (row?.country as string | undefined) ?? null;
  }

  /** The side an officer of a member city reads from: only a Chinese city narrows it. */
  async officerCountry(cityId: string | null): Promise<string | null> {
    if (!cityId) return null;
    const [row] = await this.dataSource.query(`SELECT country FROM cities WHERE id = $1`, [cityId]);
    return row?.country === 'CN' ? 'CN' : null;
  }

  /** Narrows a query over companies to what a reader on that side may see (nothing narrowed without a side). */
  restrict<T extends ObjectLiteral>(builder: SelectQueryBuilder<T>, company: string, city: string, viewerCountry: string | null, parameter = 'viewerCountry'): SelectQueryBuilder<T> {
    if (!viewerCountry) return builder;
    return builder.andWhere(visibleFromSql(company, city, `:${parameter}`), { [parameter]: viewerCountry });
  }

  /** Whether a reader on one side may see one company. */
  async visibleTo(viewerCountry: string | null, companyId: string): Promise<boolean> {
    if (!viewerCountry) return true;
    const [row] = await this.dataSource.query(`SELECT ${visibleFromSql('c', 'city', '$2')} AS visible FROM companies c JOIN cities city ON city.id = c.city_id WHERE c.id = $1`, [companyId, viewerCountry]);
    return row?.visible === true;
  }
  async states(manager: EntityManager, companyIds: string[]): Promise<Map<string, CrossBorderState>> {
    if (companyIds.length === 0) return new Map();
    const rows: Array<{ id: string; country: string; may_cross: boolean; consent_version: string | null; consent_given_at: Date | null; transfer_basis: string | null }> = await manager.query(
      `SELECT c.id, city.country, ${mayCrossBorderSql('c', 'city')} AS may_cross, c.transfer_basis,
              consent.version AS consent_version, consent.given_at AS consent_given_at
         FROM companies c
         JOIN cities city ON city.id = c.city_id
         LEFT JOIN company_consents consent ON consent.company_id = c.id AND consent.kind = 'china_transfer' AND consent.withdrawn_at IS NULL
        WHERE c.id = ANY($1::uuid[])`,
      [companyIds],
    );
    return new Map(
      rows.map((row) => [
        row.id,
        {
          companyId: row.id,
          country: row.country,
          mayCross: row.may_cross,
          chinaTransferConsent: row.consent_version ? { version: row.consent_version, givenAt: row.consent_given_at! } : null,
          transferBasis: row.transfer_basis,
        },
      ]),
    );
  }

  /**
   * Refuses (422) an introduction between two companies on different sides of the border when either one's data
   * may not cross: the code names what is missing, and for a German company the page where it gives the consent.
   */
  async requirePair(manager: EntityManager, requesterId: string, targetId: string): Promise<void> {
    const states = await this.states(manager, [requesterId, targetId]);
    const requester = states.get(requesterId);
    const target = states.get(targetId);
    if (!requester || !target || !crossesBorder(requester.country, target.country)) return;
    for (const [party, role] of [
      [requester, 'requester'],
      [target, 'target'],
    ] as const) {
      if (!party.mayCross) throw refusal(party, role);
    }
  }
}

function refusal(party: CrossBorderState, role: 'requester' | 'target'): UnprocessableEntityException {
  const code = refusalCodeFor(party.country);
  const field = role === 'requester' ? 'requesterCompanyId' : 'targetCompanyId';
  const whose = role === 'requester' ? 'The requesting company' : 'The partner';
  const message =
    code === 'china_transfer_consent_required'
      ? `${whose} has not given the consent to share its data with organisations in China (current version), or has withdrawn it; it can give it in its company area.`
      : `${whose} has no recorded legal basis that permits sending its data from China to Germany (PIPL Art. 38-39).`;
  return new UnprocessableEntityException({
    statusCode: 422,
    error: 'Unprocessable Entity',
    code,
    message,
    companyId: party.companyId,
    ...(code === 'china_transfer_consent_required' && { consentLink: CHINA_TRANSFER_CONSENT_LINK, consentRoute: `PUT /api/companies/${party.companyId}/consents/china-transfer` }),
    errors: [{ field, message }],
  });
}
