import type { FieldError } from './errors.js';

/**
 * Password rules for new and changed passwords (login never judges them, so older passwords keep
 * working): 8–64 characters, at least three of lower case, upper case, digits and symbols, not
 * containing the account name, and not one of the passwords attackers try first.
 */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 64;

/** Lower-cased; a password equal to one of these (ignoring case) is refused. */
const COMMON = new Set([
  '12345678', '123456789', '1234567890', '11111111', '88888888', '66666666', '00000000', '87654321',
  'password', 'password1', 'password123', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'p@ssw0rd1', 'password!',
  'qwerty123', 'qwertyuiop', '1qaz2wsx', '1qaz@wsx', 'qwe123456', 'qweasdzxc', 'zxcvbnm123', 'asdf1234',
  'abc12345', 'abcd1234', 'abc123456', 'a1234567', 'a123456789', 'aa123456', 'admin123', 'admin@123',
  'admin1234', 'root1234', 'test1234', 'welcome1', 'iloveyou', 'woaini1314', 'woaini520', '5201314a',
  'abc@1234', 'abcd@1234', 'qwer1234', 'qwer@1234', 'demo@2026', 'xinyidai1', 'xinyidai@123',
]);

const CLASSES: readonly RegExp[] = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/];

/** The rule a password breaks (at most one, the first), as a field error on `field`. */
export function passwordProblems(password: string, username: string, field = 'password'): FieldError[] {
  const problem = (code: string, message: string): FieldError[] => [{ field, code, message }];
  if (password.length < PASSWORD_MIN) return problem('PASSWORD_TOO_SHORT', `密码至少${PASSWORD_MIN}位`);
  if (password.length > PASSWORD_MAX) return problem('PASSWORD_TOO_LONG', `密码最长${PASSWORD_MAX}位`);
  if (CLASSES.filter((c) => c.test(password)).length < 3) {
    return problem('PASSWORD_TOO_WEAK', '密码须包含大写字母、小写字母、数字、符号中的至少三类');
  }
  const name = username.trim().toLowerCase();
  if (name.length >= 3 && password.toLowerCase().includes(name)) return problem('PASSWORD_CONTAINS_USERNAME', '密码不能包含账号或统一社会信用代码');
  if (COMMON.has(password.toLowerCase())) return problem('PASSWORD_TOO_COMMON', '该密码过于常见，容易被猜中，请换一个');
  return [];
}
