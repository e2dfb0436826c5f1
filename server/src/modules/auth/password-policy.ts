// The password policy for every password a person chooses (new users, resets, changes): the shared
// schema's length and characters, then no common password (the 49,000 most common ones, from zxcvbn-ts's
// list, shipped with the product) and nothing that is the username in other clothes.
import { dictionary } from '@zxcvbn-ts/language-common';
import type { FieldIssue } from '@/infra/errors/app-error.js';

let common: ReadonlySet<string> | undefined;

function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common;
}

/** What is wrong with a password someone chose, naming `field`; empty when it may be used. */
export function passwordProblems(password: string, username: string, field = 'password'): FieldIssue[] {
  const folded = password.normalize('NFKC').toLowerCase();
  const issues: FieldIssue[] = [];
  if (commonPasswords().has(folded) || commonPasswords().has(folded.replace(/[0-9!.?]+$/, ''))) {
    issues.push({ path: field, message: 'password is one of the most common passwords; choose another' });
  }
  const name = username.toLowerCase();
  if (name.length >= 3 && folded.includes(name)) {
    issues.push({ path: field, message: 'password must not contain the username' });
  }
  if (new Set(folded).size < 4) {
    issues.push({ path: field, message: 'password must use at least 4 different characters' });
  }
  return issues;
}
