/** Where Enter belongs to the control itself: choosing an option, confirming a typed date. */
const OWN_ENTER = '.el-select, .el-date-editor, .el-cascader, .el-autocomplete';
/** What a person fills in, in the order the form shows them. */
const FIELD = 'input:not([type="hidden"]):not([type="checkbox"]):not([type="radio"]):not([type="file"]):not([disabled]), textarea:not([disabled])';

interface EnterEvent {
  target: unknown;
  isComposing?: boolean;
  preventDefault(): void;
}

/**
 * Bound as `@keydown.enter` on a form of several fields. Without it the browser sends the form as
 * soon as Enter is pressed in any one-line input (implicit submission), before the fields after it
 * are filled in. With it, Enter in a one-line input goes on to the next field, and in the form's
 * last field sends the form (its submit handler, with whatever confirmation it asks), as a
 * keyboard user expects. Enter still ends a line in a textarea (a form ending in one is sent by
 * its button), confirms an input method's composition, and is left to a select or date picker.
 */
export function holdEnter(event: EnterEvent): void {
  const target = event.target as { tagName?: unknown } | null;
  if (target?.tagName !== 'INPUT') return;
  event.preventDefault();
  if (event.isComposing || typeof HTMLElement === 'undefined' || !(target instanceof HTMLInputElement)) return;
  if (target.closest(OWN_ENTER)) return;
  const form = target.form;
  if (!form) return;
  const fields = Array.from(form.querySelectorAll<HTMLElement>(FIELD)).filter((el) => el.getClientRects().length > 0);
  const at = fields.indexOf(target);
  if (at < 0) return;
  const next = fields[at + 1];
  if (next) next.focus();
  else form.requestSubmit();
}
