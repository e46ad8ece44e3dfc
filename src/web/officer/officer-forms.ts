import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { UiLanguage } from '../../common/language';
import { Principal } from '../../common/principal';
import { translate } from '../i18n/texts';

export type Officer = Extract<Principal, { type: 'user' }>;

/** Field name → message in the page's language, shown next to the field. */
export type FieldMessages = Record<string, string>;

// The first problem of a field, as a text every form shares (class-validator's constraint names).
const CONSTRAINT_KEYS: Record<string, string> = {
  minLength: 'validation.tooShort',
  maxLength: 'validation.tooLong',
  isEmail: 'validation.email',
  isEnum: 'validation.choice',
  isIn: 'validation.choice',
  isInt: 'validation.number',
  isBoolean: 'validation.choice',
  isDate: 'officer.validation.date',
  isUuid: 'validation.invalid',
};

/** A posted text field; anything else (missing, repeated) counts as empty. */
export function text(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value : '';
}

/** A posted field that may repeat (checkboxes). */
export function texts(body: Record<string, unknown>, name: string): string[] {
  const value = body[name];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * Validates form input with the same DTO the JSON API uses, so both refuse the same things; the messages are
 * the shared form texts in the reader's language. An empty field reads "please fill this in".
 */
export function validateForm<T extends object>(type: ClassConstructor<T>, input: Record<string, unknown>, language: UiLanguage): { value: T; errors: FieldMessages } {
  const value = plainToInstance(type, input);
  const errors: FieldMessages = {};
  for (const error of validateSync(value, { whitelist: true, forbidUnknownValues: false })) errors[error.property] = messageOf(error, input[error.property], language);
  return { value, errors };
}

function messageOf(error: ValidationError, raw: unknown, language: UiLanguage): string {
  const empty = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
  if (empty) return translate(language, 'validation.required');
  const constraint = Object.keys(error.constraints ?? {})[0] ?? '';
  return translate(language, CONSTRAINT_KEYS[constraint] ?? 'validation.invalid');
}

/** Leaves out empty strings, so an optional field left blank is absent rather than invalid. */
export function withoutBlanks(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => !(typeof value === 'string' && value.trim() === '')));
}

/** The confirmation for `?done=…` after a form was sent; only the values a page knows. */
export function noticeOf(query: Record<string, unknown>, notices: Record<string, string>): string | null {
  const done = query.done;
  return typeof done === 'string' && Object.hasOwn(notices, done) ? notices[done] : null;
}

/** A query string of the non-empty values, for links that keep the filters. */
export function queryString(values: Record<string, string | number | undefined | null>): string {
  const entries = Object.entries(values).filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== null && entry[1] !== '');
  return entries.length ? `?${new URLSearchParams(entries.map(([key, value]): [string, string] => [key, String(value)])).toString()}` : '';
}

/** How long something has waited, e.g. "3 days 4 h", in the reader's language. */
export function waitedText(hours: number, language: UiLanguage): string {
  const days = Math.floor(hours / 24);
  return days > 0 ? translate(language, 'officer.waited.days', { days, hours: hours % 24 }) : translate(language, 'officer.waited.hours', { hours });
}

/** The instant a calendar day (YYYY-MM-DD) starts in a time zone; null for anything else. */
export function startOfDay(day: string, timeZone: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const utcMidnight = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(utcMidnight.getTime()) || utcMidnight.toISOString().slice(0, 10) !== day) return null;
  // Two passes settle the offset on days when it changes (summer time).
  let instant = utcMidnight.getTime();
  for (let pass = 0; pass < 2; pass += 1) instant = utcMidnight.getTime() - offsetMs(new Date(instant), timeZone);
  return new Date(instant);
}

/** The calendar day after a day (YYYY-MM-DD): the exclusive end of a period that includes the given day. */
export function nextDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
}

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
export function dayOf(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

function offsetMs(instant: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
      .formatToParts(instant)
      .map((part) => [part.type, Number(part.value)]),
  );
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The page's time zone, as WebPages.render chooses it. */
export function timeZoneFor(language: UiLanguage): string {
  return language === 'zh' ? 'Asia/Shanghai' : 'Europe/Berlin';
}
