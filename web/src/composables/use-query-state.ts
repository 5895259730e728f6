import { watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';

/**
 * Keeps a list page's filters and page number in the address (`?status=SUBMITTED&page=3`), so
 * Back from a row's detail page, a refresh or a shared link returns to the same rows instead of
 * page 1 unfiltered. Call it before the page's first load: the values in the address are taken
 * first. A value equal to its default is left out of the address.
 */
export function useQueryState(state: Record<string, { value: string | number }>): void {
  const route = useRoute();
  const router = useRouter();
  const defaults = Object.fromEntries(Object.entries(state).map(([key, r]) => [key, r.value]));
  for (const [key, r] of Object.entries(state)) {
    const given = route.query[key];
    // An empty value is kept only where the default is not empty (e.g. 全部 over a default of 待审核).
    if (typeof given !== 'string' || (given === '' && defaults[key] === '')) continue;
    if (typeof defaults[key] === 'number') {
      const n = Number(given);
      if (Number.isInteger(n) && n > 0) r.value = n;
    } else r.value = given;
  }
  watch(
    () => Object.values(state).map((r) => r.value),
    () => {
      const query = { ...route.query };
      for (const [key, r] of Object.entries(state)) {
        // A cleared select holds undefined: that is the empty value.
        const value = (r.value as string | number | undefined) ?? '';
        if (value === defaults[key]) delete query[key];
        else query[key] = String(value);
      }
      void router.replace({ query });
    },
  );
}
