import { nextTick } from 'vue';

/** Controls a person can type into or choose with, in the order a form item holds them. */
const CONTROL = 'input:not([type="hidden"]):not([disabled]):not([readonly]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function shown(el: HTMLElement): boolean {
  return el.getClientRects().length > 0;
}

/**
 * The portal's rule once a form has been refused, whether by its own checks or by the server: the
 * first field marked wrong is scrolled to the middle of the screen and gets the focus, so a person
 * sees what to correct and types straight into it (a message beside a field below the fold, or
 * the focus left on the button, said nothing to a keyboard or screen-reader user). Runs after the
 * messages are drawn. The form looked in is the one holding the focus (its button or field) when
 * it has a field marked wrong, otherwise the first such field on the page. A field's own
 * validation while typing never calls this: it would pull the cursor away mid-word.
 */
export async function focusFirstError(): Promise<void> {
  await nextTick();
  // Outside a browser (the portal's unit tests) there is no page to look in.
  if (typeof document === 'undefined') return;
  const active = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const near = active?.closest('form');
  const scope: ParentNode = near?.querySelector('.el-form-item.is-error') ? near : document;
  const item = Array.from(scope.querySelectorAll<HTMLElement>('.el-form-item.is-error')).find(shown);
  if (!item) return;
  // Element Plus checkboxes and radios hide their input (it is still what takes the focus).
  const control = Array.from(item.querySelectorAll<HTMLElement>(CONTROL)).find((el) => shown(el) || el.matches('input[type="checkbox"], input[type="radio"]'));
  item.scrollIntoView({ block: 'center' });
  control?.focus({ preventScroll: true });
}

/**
 * An Element Plus form's own rules checked before sending: true when they pass; otherwise the
 * messages are shown and the cursor put in the first wrong field. (No form on screen: false.)
 */
export async function checkForm(form: { validate(): Promise<unknown> } | undefined): Promise<boolean> {
  if (!form) return false;
  const valid = await form.validate().then(
    () => true,
    () => false,
  );
  if (!valid) await focusFirstError();
  return valid;
}
