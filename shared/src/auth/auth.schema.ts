import { z } from 'zod';

export const USER_ROLES = ['viewer', 'operator', 'admin'] as const;
export const UserRoleSchema = z.enum(USER_ROLES);
export type UserRole = z.infer<typeof UserRoleSchema>;

/** Roles in ascending order of privilege: a role may do everything the ones before it may. */
export const ROLE_RANK: Record<UserRole, number> = { viewer: 0, operator: 1, admin: 2 };

// A username is looked up in Postgres, which refuses a NUL in text (an encoding error, not a 4xx), and a
// control character in a name is never a real user anyway: refuse them here, naming the field.
const NO_CONTROL_CHARACTERS = /^\P{Cc}*$/u;

export const LoginRequestSchema = z.object({
  username: z
    .string()
    .min(1, 'username is required')
    .max(64)
    .regex(NO_CONTROL_CHARACTERS, 'username must not contain control characters'),
  password: z.string().min(1, 'password is required').max(256),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const UserResponseSchema = z.object({
  id: z.string().uuid(),
  username: z.string(),
  role: UserRoleSchema,
});
export type UserResponse = z.infer<typeof UserResponseSchema>;

export const SESSION_COOKIE = 'wsnoc_session';
