import { BadRequestException, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

interface Issue {
  path: string;
  message: string;
}

/**
 * Validates a request part against a shared zod schema; a 400 (`request.invalid`) names every offending
 * field. Whatever the schema, no text the route reads may hold a NUL (Postgres refuses it in text, which
 * would be a 500) or a lone surrogate (not Unicode: it cannot be encoded, and would be stored as U+FFFD).
 */
export class ZodPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  /** `name` labels a scalar (a route parameter), so its issue names it rather than the body. */
  constructor(
    private readonly schema: T,
    private readonly name?: string,
  ) {}

  transform(value: unknown): z.infer<T> {
    const prefix = this.name ? [this.name] : [];
    const result = this.schema.safeParse(value);
    const issues: Issue[] = result.success
      ? unencodableText(result.data, prefix)
      : result.error.issues.map((issue) => ({
          path: [...prefix, ...issue.path.map(String)].join('.') || '(body)',
          message: issue.message,
        }));
    if (!issues.length) {
      return result.data as z.infer<T>;
    }
    throw new BadRequestException({
      code: 'request.invalid',
      message: issues.map((i) => `${i.path}: ${i.message}`).join('; '),
      issues,
    });
  }
}

/** Validated values never nest deeper than this; deeper is not walked (the schema bounded it). */
const MAX_DEPTH = 32;

/** Every string (value or key) holding a NUL or a lone surrogate, by its path. */
export function unencodableText(value: unknown, path: string[] = []): Issue[] {
  const issues: Issue[] = [];
  const visit = (node: unknown, at: string[], depth: number) => {
    if (typeof node === 'string') {
      const problem = textProblem(node);
      if (problem) {
        issues.push({ path: at.join('.') || '(body)', message: problem });
      }
      return;
    }
    if (typeof node !== 'object' || node === null || depth >= MAX_DEPTH) {
      return;
    }
    for (const [key, child] of Object.entries(node)) {
      const keyProblem = textProblem(key);
      if (keyProblem) {
        issues.push({ path: [...at, '(key)'].join('.'), message: keyProblem });
      }
      visit(child, [...at, key], depth + 1);
    }
  };
  visit(value, path, 0);
  return issues;
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function textProblem(text: string): string | null {
  if (text.includes('\u0000')) {
    return 'must not contain NUL characters';
  }
  if (LONE_SURROGATE.test(text)) {
    return 'is not valid Unicode text (it holds a lone surrogate)';
  }
  return null;
}
