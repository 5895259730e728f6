import { onBeforeUnmount, ref, type Ref } from 'vue';

/** True while the CSS media query matches (e.g. phone width). */
export function useMediaQuery(query: string): Ref<boolean> {
  const list = window.matchMedia(query);
  const matches = ref(list.matches);
  const update = (event: MediaQueryListEvent) => (matches.value = event.matches);
  list.addEventListener('change', update);
  onBeforeUnmount(() => list.removeEventListener('change', update));
  return matches;
}

/** The portal's phone width: below it forms put labels above fields and detail lists one item a row. */
export const PHONE_QUERY = '(max-width: 768px)';

/** True on a phone (docs/portal.md, 11). */
export function usePhone(): Ref<boolean> {
  return useMediaQuery(PHONE_QUERY);
}
