/**
 * The password policy for new accounts: at least 10 characters, at least two of the four
 * character classes (lower case, upper case, digits, other — a space counts), not containing the
 * user name. Length carries most of the strength (NIST SP 800-63B favours length and passphrases
 * over composition rules); the class rule only keeps out strings like "aaaaaaaaaa" or "1234567890".
 */
import { HilumError } from '../../src-core/errors';

export const passwordPolicy = { minLength: 10, minClasses: 2 } as const;

export function checkPasswordPolicy(password: string, username: string): void {
  const fail = (why: string): never => {
    throw new HilumError(
      'PASSWORD_POLICY',
      `password for ${username} ${why} (policy: at least ${passwordPolicy.minLength} characters, ${passwordPolicy.minClasses} of lower case / upper case / digits / other, not containing the user name)`,
      { username },
    );
  };
  if ([...password].length < passwordPolicy.minLength) fail(`is shorter than ${passwordPolicy.minLength} characters`);
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < passwordPolicy.minClasses) fail(`uses only ${classes} character class(es)`);
  if (username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) fail('contains the user name');
}
