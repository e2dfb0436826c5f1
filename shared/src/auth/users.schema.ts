// People and their sessions, as admins manage them and users see their own. The password policy's length
// is here so the web form and the server agree; the check against common passwords runs on the server,
// which ships the list.
import { z } from 'zod';
import { UserRoleSchema } from './auth.schema.js';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

const NO_CONTROL_CHARACTERS = /^\P{Cc}*$/u;

/** A new password: long enough, no control characters. The server also refuses common ones. */
export const NewPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `password must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `password is at most ${PASSWORD_MAX_LENGTH} characters`)
  .regex(NO_CONTROL_CHARACTERS, 'password must not contain control characters');

export const UsernameSchema = z
  .string()
  .min(2, 'username must be at least 2 characters')
  .max(64, 'username is at most 64 characters')
  .regex(
    /^[a-z0-9][a-z0-9._-]*$/,
    'username may hold lower-case letters, digits, dot, dash and underscore, starting with a letter or digit',
  );

export const UserCreateSchema = z
  .object({ username: UsernameSchema, role: UserRoleSchema, password: NewPasswordSchema })
  .strict();
export type UserCreate = z.infer<typeof UserCreateSchema>;

/** Changes exactly the fields it names. */
export const UserUpdateSchema = z
  .object({ role: UserRoleSchema.optional(), disabled: z.boolean().optional() })
  .strict()
  .refine((u) => u.role !== undefined || u.disabled !== undefined, 'name role or disabled to change');
export type UserUpdate = z.infer<typeof UserUpdateSchema>;

export const PasswordResetSchema = z.object({ password: NewPasswordSchema }).strict();
export type PasswordReset = z.infer<typeof PasswordResetSchema>;

export const PasswordChangeSchema = z
  .object({
    currentPassword: z.string().min(1, 'currentPassword is required').max(PASSWORD_MAX_LENGTH),
    newPassword: NewPasswordSchema,
  })
  .strict();
export type PasswordChange = z.infer<typeof PasswordChangeSchema>;

export const UserSummarySchema = z.object({
  id: z.string().uuid(),
  username: z.string(),
  role: UserRoleSchema,
  disabled: z.boolean(),
  createdAt: z.string().datetime(),
  lastLoginAt: z.string().datetime().nullable(),
  /** Sessions still open. */
  sessions: z.number().int(),
});
export type UserSummary = z.infer<typeof UserSummarySchema>;

export const UserListSchema = z.object({ items: z.array(UserSummarySchema) });
export type UserList = z.infer<typeof UserListSchema>;

export const SessionSummarySchema = z.object({
  /** The session's id: the hash of its cookie, which cannot be turned back into one. */
  id: z.string(),
  createdAt: z.string().datetime(),
  expiresAt: z.string().datetime(),
  address: z.string(),
  userAgent: z.string().nullable(),
  /** The session this request came with. */
  current: z.boolean(),
});
export type SessionSummary = z.infer<typeof SessionSummarySchema>;

export const SessionListSchema = z.object({ items: z.array(SessionSummarySchema) });
export type SessionList = z.infer<typeof SessionListSchema>;

export const SessionsEndedSchema = z.object({ ended: z.number().int() });
export type SessionsEnded = z.infer<typeof SessionsEndedSchema>;
