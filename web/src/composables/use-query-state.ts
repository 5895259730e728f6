import { ElMessage } from 'element-plus';
import { getCurrentInstance, nextTick, watch, type Ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import type { ApiProblem } from '@/api/problem';

type State = Record<string, { value: string | number }>;

export interface QueryStateOptions {
  /**
   * Reads the list again with the page's values. Given, a filter taken from the address that the
   * platform refuses (a hand-edited link: `?status=已办`) is dropped and the list read again,
   * instead of the page showing the refusal as an error.
   */
  reload?: () => unknown;
  /** The name the API gives a key where it differs from the address's (`bank` sent as `bankId`). */
  sentAs?: Record<string, string>;
}

/** Said when a link's filter was refused and dropped. */
export const ADDRESS_FILTER_DROPPED = '链接中的筛选条件无效，已按默认条件列出';

const droppers = new WeakMap<object, (problem: ApiProblem) => boolean>();

/**
 * Keeps a list page's filters and page number in the address (`?status=SUBMITTED&page=3`), so
 * Back from a row's detail page, a refresh or a shared link returns to the same rows instead of
 * page 1 unfiltered. Call it before the page's first load: the values in the address are taken
 * first. A value equal to its default is left out of the address.
 */
export function useQueryState(state: State, options: QueryStateOptions = {}): void {
  const route = useRoute();
  const router = useRouter();
  const defaults = Object.fromEntries(Object.entries(state).map(([key, r]) => [key, r.value]));
  /** The values the address gave, as long as the page still holds them. */
  const taken: Record<string, string> = {};
  for (const [key, r] of Object.entries(state)) {
    const given = route.query[key];
    // An empty value is kept only where the default is not empty (e.g. 全部 over a default of 待审核).
    if (typeof given !== 'string' || (given === '' && defaults[key] === '')) continue;
    if (typeof defaults[key] === 'number') {
      const n = Number(given);
      if (Number.isInteger(n) && n > 0) r.value = n;
      else continue;
    } else r.value = given;
    taken[key] = String(r.value);
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
  const { reload, sentAs = {} } = options;
  const owner = getCurrentInstance();
  if (!reload || !owner) return;
  droppers.set(owner, (problem) => {
    const current = Object.fromEntries(Object.entries(state).map(([key, r]) => [key, r.value]));
    const refused = addressValuesRefused(problem, taken, current, sentAs);
    if (refused.length === 0) return false;
    for (const key of refused) {
      state[key]!.value = defaults[key]!;
      delete taken[key];
    }
    ElMessage({ type: 'warning', message: ADDRESS_FILTER_DROPPED, grouping: true, showClose: true });
    void nextTick(() => reload());
    return true;
  });
}

/**
 * The keys whose value came from the address, is still what the page holds, and is named by the
 * platform's refusal (400, `errors[].field`). A value the person chose or typed since is theirs,
 * and its refusal is said as any other.
 */
export function addressValuesRefused(
  problem: Pick<ApiProblem, 'status' | 'errors'>,
  taken: Readonly<Record<string, string>>,
  current: Readonly<Record<string, string | number | undefined>>,
  sentAs: Readonly<Record<string, string>> = {},
): string[] {
  if (problem.status !== 400) return [];
  const named = new Set(problem.errors.map((e) => e.field.split('.')[0]));
  return Object.keys(taken).filter((key) => named.has(sentAs[key] ?? key) && String(current[key] ?? '') === taken[key]);
}

/**
 * For `useRequest`, called in the same component's setup: whether a refusal was of a value taken
 * from the address, now dropped and the list read again (then the request says nothing itself).
 */
export function addressRefusalHandler(): (problem: ApiProblem) => boolean {
  const owner = getCurrentInstance();
  return (problem) => (owner ? (droppers.get(owner)?.(problem) ?? false) : false);
}

/** The last page of a list of `total` rows (1 for an empty list), or undefined before the total is known. */
export function lastPage(total: number | undefined, pageSize: number): number | undefined {
  return total === undefined ? undefined : Math.max(1, Math.ceil(total / pageSize));
}

/**
 * A page number past the list's last page (a stale or hand-edited link, rows gone since) would list
 * nothing and say 暂无…, while the person has rows: once an answer gives the total, a page beyond
 * the last goes back to the last and the list is read again.
 */
export function usePageInRange(page: Ref<number>, total: () => number | undefined, pageSize: number, reload: () => unknown): void {
  watch(total, (count) => {
    const last = lastPage(count, pageSize);
    if (last === undefined || page.value <= last) return;
    page.value = last;
    void reload();
  });
}
