import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import { FieldError } from './validation';

const MAX_DEPTH = 32;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Refuses, before any other processing, what no field of the platform accepts and what would otherwise fail deep
 * inside: NUL characters (PostgreSQL cannot store them), nesting deeper than any form, and prototype keys.
 */
@Injectable()
export class SafeInputPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const problem = findProblem(value, '', 0);
    if (problem) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'Validation failed', errors: [problem] });
    return value;
  }
}

function findProblem(value: unknown, path: string, depth: number): FieldError | null {
  const field = path || 'body';
  if (typeof value === 'string') return value.includes('\u0000') ? { field, message: `${field} must not contain NUL characters` } : null;
  if (value === null || typeof value !== 'object') return null;
  if (depth >= MAX_DEPTH) return { field, message: `${field} is nested too deeply` };
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const problem = findProblem(item, `${path}[${index}]`, depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    const keyPath = path ? `${path}.${key}` : key;
    if (FORBIDDEN_KEYS.has(key)) return { field: keyPath, message: `${key} is not an allowed name` };
    if (key.includes('\u0000')) return { field: path || 'body', message: 'names must not contain NUL characters' };
    const problem = findProblem((value as Record<string, unknown>)[key], keyPath, depth + 1);
    if (problem) return problem;
  }
  return null;
}
