import { NACE_DIVISIONS, NACE_SECTIONS, NaceTitles } from './nace-rev2.data';

const SECTION_OF_DIVISION = new Map(NACE_DIVISIONS.map((division) => [division.code, division.section]));
const SECTION_CODES = new Set(NACE_SECTIONS.map((section) => section.code));

/** Section letter, division (28), group (28.1) or class (28.14). */
const NACE_CODE = /^([A-U])$|^(\d{2})(?:\.(\d)(\d)?)?$/;

/** The section of any known code, or null: groups and classes are accepted when their division exists. */
export function naceSectionOf(code: string): string | null {
  const match = NACE_CODE.exec(code);
  if (!match) return null;
  if (match[1]) return SECTION_CODES.has(match[1]) ? match[1] : null;
  return SECTION_OF_DIVISION.get(match[2]) ?? null;
}

export function isKnownNaceCode(code: string): boolean {
  return naceSectionOf(code) !== null;
}

/** The code and all its ancestors, broadest first: 28.14 → C, 28, 28.1, 28.14. */
export function naceLineage(code: string): string[] {
  const section = naceSectionOf(code);
  if (section === null) throw new Error(`unknown NACE code ${code}`);
  if (code === section) return [section];
  const [division, rest = ''] = code.split('.');
  const lineage = [section, division];
  if (rest.length >= 1) lineage.push(`${division}.${rest[0]}`);
  if (rest.length === 2) lineage.push(code);
  return lineage;
}

/** The titles of the closest shipped level: a class shows its division's titles. */
export function naceTitles(code: string): NaceTitles | null {
  const section = naceSectionOf(code);
  if (section === null) return null;
  if (code === section) return NACE_SECTIONS.find((entry) => entry.code === section)!.titles;
  return NACE_DIVISIONS.find((entry) => entry.code === code.slice(0, 2))!.titles;
}
