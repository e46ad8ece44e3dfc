import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HomeCityService } from '../cities/home-city.service';
import { Officer } from '../cities/officer-scope';
import { CrossBorderCheck } from '../companies/cross-border-check.service';
import { visibleFromSql } from '../companies/cross-border-policy';
import { MatchRequestStatus } from './match-request-status';

export interface StatsPeriod {
  from: Date;
  to: Date;
}

export interface PartnerCityStats {
  slug: string;
  names: { de: string; en: string; zh: string | null };
  country: string;
  total: number;
  byStatus: Partial<Record<MatchRequestStatus, number>>;
  acceptanceRate: number | null;
}

export interface MatchRequestStats {
  period: StatsPeriod;
  total: number;
  byStatus: Record<MatchRequestStatus, number>;
  byPartnerCity: PartnerCityStats[];
  byCountry: Array<{ country: string; total: number }>;
  /** Accepted (and connected) among the answered and the expired introductions; null when none are. */
  acceptanceRate: number | null;
  medianHoursToDecision: number | null;
  medianHoursToAnswer: number | null;
}

export interface MonthlyCount {
  /** YYYY-MM */
  month: string;
  total: number;
  /** Of these, accepted (or connected) by now. */
  accepted: number;
}

interface CountRow {
  status: MatchRequestStatus;
  slug: string;
  name_de: string;
  name_en: string;
  name_zh: string | null;
  country: string;
  count: number;
}

const ACCEPTED = [MatchRequestStatus.Accepted, MatchRequestStatus.Connected];
const ANSWERED_OR_LAPSED = [...ACCEPTED, MatchRequestStatus.Declined, MatchRequestStatus.Expired];

function acceptanceRate(byStatus: Partial<Record<MatchRequestStatus, number>>): number | null {
  const count = (statuses: MatchRequestStatus[]) => statuses.reduce((sum, status) => sum + (byStatus[status] ?? 0), 0);
  const outcomes = count(ANSWERED_OR_LAPSED);
  return outcomes === 0 ? null : Math.round((count(ACCEPTED) / outcomes) * 1000) / 1000;
}

/** Figures for the officer: requests made in a period, by status, partner city and country, with the times they took. */
@Injectable()
export class MatchRequestStatsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly homeCity: HomeCityService,
    private readonly crossBorder: CrossBorderCheck,
  ) {}

  async stats(reviewer: Officer, period: StatsPeriod): Promise<MatchRequestStats> {
    const { condition, parameters } = await this.scope(reviewer, period);
    const rows: CountRow[] = await this.dataSource.query(
      `SELECT r.status, city.slug, city.name_de, city.name_en, city.name_zh, city.country, count(*)::int AS count
         FROM match_requests r
         JOIN companies requester ON requester.id = r.requester_company_id
         JOIN companies target ON target.id = r.target_company_id
         JOIN cities city ON city.id = target.city_id
        WHERE ${condition}
        GROUP BY r.status, city.slug, city.name_de, city.name_en, city.name_zh, city.country
        ORDER BY city.slug`,
      parameters,
    );
    const [times] = await this.dataSource.query(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.home_decided_at - r.created_at)) / 3600 AS decision_hours,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.responded_at - r.introduced_at)) / 3600 AS answer_hours
         FROM match_requests r
         JOIN companies requester ON requester.id = r.requester_company_id
         JOIN companies target ON target.id = r.target_company_id
        WHERE ${condition}`,
      parameters,
    );
    const byStatus = Object.fromEntries(Object.values(MatchRequestStatus).map((status) => [status, 0])) as Record<MatchRequestStatus, number>;
    for (const row of rows) byStatus[row.status] += row.count;
    return {
      period,
      total: rows.reduce((sum, row) => sum + row.count, 0),
      byStatus,
      byPartnerCity: this.byPartnerCity(rows),
      byCountry: this.byCountry(rows),
      acceptanceRate: acceptanceRate(byStatus),
      medianHoursToDecision: roundHours(times.decision_hours),
      medianHoursToAnswer: roundHours(times.answer_hours),
    };
  }

  /** Requests made in each calendar month of the period (months as the given time zone counts them), empty months included. */
  async monthly(reviewer: Officer, period: StatsPeriod, timeZone = 'Europe/Berlin'): Promise<MonthlyCount[]> {
    const { condition, parameters } = await this.scope(reviewer, period);
    const zone = `$${parameters.length + 1}`;
    const accepted = `$${parameters.length + 2}`;
    const rows: Array<{ month: string; total: number; accepted: number }> = await this.dataSource.query(
      `WITH months AS (
         SELECT to_char(month, 'YYYY-MM') AS month
           FROM generate_series(date_trunc('month', $1::timestamptz AT TIME ZONE ${zone}),
                                date_trunc('month', ($2::timestamptz - interval '1 millisecond') AT TIME ZONE ${zone}),
                                interval '1 month') AS month
       ), counts AS (
         SELECT to_char(r.created_at AT TIME ZONE ${zone}, 'YYYY-MM') AS month,
                count(*)::int AS total,
                (count(*) FILTER (WHERE r.status::text = ANY (${accepted}::text[])))::int AS accepted
           FROM match_requests r
           JOIN companies requester ON requester.id = r.requester_company_id
           JOIN companies target ON target.id = r.target_company_id
          WHERE ${condition}
          GROUP BY 1
       )
       SELECT months.month, coalesce(counts.total, 0) AS total, coalesce(counts.accepted, 0) AS accepted
         FROM months LEFT JOIN counts USING (month)
        ORDER BY months.month`,
      [...parameters, timeZone, ACCEPTED],
    );
    return rows.map((row) => ({ month: row.month, total: Number(row.total), accepted: Number(row.accepted) }));
  }

  private byPartnerCity(rows: CountRow[]): PartnerCityStats[] {
    const cities = new Map<string, PartnerCityStats>();
    for (const row of rows) {
      const city = cities.get(row.slug) ?? { slug: row.slug, names: { de: row.name_de, en: row.name_en, zh: row.name_zh }, country: row.country, total: 0, byStatus: {}, acceptanceRate: null };
      city.total += row.count;
      city.byStatus[row.status] = (city.byStatus[row.status] ?? 0) + row.count;
      cities.set(row.slug, city);
    }
    return [...cities.values()].map((city) => ({ ...city, acceptanceRate: acceptanceRate(city.byStatus) })).sort((a, b) => b.total - a.total || a.slug.localeCompare(b.slug));
  }

  private byCountry(rows: CountRow[]): Array<{ country: string; total: number }> {
    const totals = new Map<string, number>();
    for (const row of rows) totals.set(row.country, (totals.get(row.country) ?? 0) + row.count);
    return [...totals.entries()].map(([country, total]) => ({ country, total })).sort((a, b) => b.total - a.total);
  }

  private async scope(reviewer: Officer, period: StatsPeriod): Promise<{ condition: string; parameters: unknown[] }> {
    const parameters: unknown[] = [period.from, period.to];
    let condition = 'r.created_at >= $1 AND r.created_at < $2';
    if (!(await this.homeCity.officerScope()).isHomeOffice(reviewer)) {
      parameters.push(reviewer.cityId);
      condition += ' AND (requester.city_id = $3 OR target.city_id = $3)';
    }
    // An officer of a Chinese member city counts only what its request queue shows.
    const side = await this.crossBorder.officerCountry(reviewer.cityId);
    if (side) {
      const viewer = `$${parameters.push(side)}::text`;
      condition += ` AND EXISTS (SELECT 1 FROM cities requester_city, cities target_city
                                  WHERE requester_city.id = requester.city_id AND target_city.id = target.city_id
                                    AND ${visibleFromSql('requester', 'requester_city', viewer)} AND ${visibleFromSql('target', 'target_city', viewer)})`;
    }
    return { condition, parameters };
  }
}

function roundHours(value: number | string | null): number | null {
  return value === null ? null : Math.round(Number(value) * 10) / 10;
}

export const STATS_CSV_COLUMNS = ['partnerCity', 'name', 'country', 'total', ...Object.values(MatchRequestStatus), 'acceptanceRate'] as const;

/** One line per partner city, for spreadsheets. */
export function statsCsvRows(stats: MatchRequestStats): Array<Record<(typeof STATS_CSV_COLUMNS)[number], unknown>> {
  return stats.byPartnerCity.map((city) => ({
    partnerCity: city.slug,
    name: city.names.de,
    country: city.country,
    total: city.total,
    ...Object.fromEntries(Object.values(MatchRequestStatus).map((status) => [status, city.byStatus[status] ?? 0])),
    acceptanceRate: city.acceptanceRate,
  })) as Array<Record<(typeof STATS_CSV_COLUMNS)[number], unknown>>;
}
