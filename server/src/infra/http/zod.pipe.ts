import { BadRequestException, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

/** Validates a request part against a shared zod schema; a 400 names every offending field. */
export class ZodPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  /** `name` labels a scalar (a route parameter), so its issue names it rather than the body. */
  constructor(
    private readonly schema: T,
    private readonly name?: string,
  ) {}

  transform(value: unknown): z.infer<T> {
    const result = this.schema.safeParse(value);
    if (result.success) {
      return result.data;
    }
    const issues = result.error.issues.map((issue) => ({
      path: [...(this.name ? [this.name] : []), ...issue.path].join('.') || '(body)',
      message: issue.message,
    }));
    throw new BadRequestException({
      message: issues.map((i) => `${i.path}: ${i.message}`).join('; '),
      issues,
    });
  }
}
