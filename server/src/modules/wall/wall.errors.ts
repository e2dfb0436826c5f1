// Wall display failures. WallDisplayService throws WallError; src/error-answers.ts maps each code.
import { AppError } from '@/infra/errors/app-error.js';

/** not-found: no active display with that id (or it was revoked). name-taken: an active one has the name. */
export const WALL_ERROR_CODES = ['not-found', 'name-taken'] as const;
export type WallErrorCode = (typeof WALL_ERROR_CODES)[number];

export class WallError extends AppError<WallErrorCode> {
  readonly feature = 'wall';

  static notFound(id: string): WallError {
    return new WallError('not-found', `No wall display with id ${id}`);
  }

  static nameTaken(name: string): WallError {
    return new WallError('name-taken', `A wall display named ${name} exists already`, {
      issues: [{ path: 'name', message: `${name} is taken` }],
    });
  }
}
