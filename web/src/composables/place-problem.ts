import type { ApiProblem } from '@/api/problem';

/**
 * The portal's error rule for one failed call: each `errors[]` entry naming a field of the form
 * goes next to that field (an entry naming a part of it, `header.3` for `header`, goes there too,
 * unless the form has that part as a field of its own); whatever is left (entries for other fields, or the problem's detail
 * when no entry could be placed) becomes one message.
 */
export function placeProblem<F extends string>(
  failure: ApiProblem,
  fields: readonly F[],
): { onFields: Partial<Record<F, string>>; message: string | undefined } {
  const onFields: Partial<Record<F, string>> = {};
  const elsewhere: string[] = [];
  for (const error of failure.errors) {
    const field = fields.find((f) => f === error.field) ?? fields.find((f) => error.field.startsWith(`${f}.`));
    if (field) onFields[field] = onFields[field] ? `${onFields[field]}；${error.message}` : error.message;
    else elsewhere.push(error.message);
  }
  if (elsewhere.length > 0) return { onFields, message: elsewhere.join('；') };
  return { onFields, message: Object.keys(onFields).length > 0 ? undefined : failure.detail };
}
