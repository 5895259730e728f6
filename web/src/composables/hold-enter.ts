/**
 * Bound as `@keydown.enter` on a form of several fields, so that the form is sent by its button
 * only. Without it the browser sends the form as soon as Enter is pressed in any one-line input
 * (implicit submission), before the fields after it are filled in. Enter still ends a line in a
 * textarea, and a select or date picker has already handled its own Enter before this runs.
 */
export function holdEnter(event: { target: unknown; preventDefault(): void }): void {
  const target = event.target as { tagName?: unknown } | null;
  if (target?.tagName === 'INPUT') event.preventDefault();
}
