import { shallowReactive } from 'vue';
import { useRequest, type RequestOptions } from './use-request';

/**
 * `useRequest` for an action repeated on every row of a list (公开 / 隐藏 a question, 撤销 a grant,
 * 吊销 a secret): each row — or each button of a row, as `keyOf` says — has its own run, so `busy(key)`
 * spins only the button clicked, and actions on two rows started one after the other are both
 * answered (one request's "latest run wins" would void the first row's answer although the platform
 * did it). Failures are said as `useRequest` says them.
 */
export function useRowRequest<A extends unknown[], R, F extends string = never>(
  call: (...args: A) => Promise<R>,
  keyOf: (args: NoInfer<A>) => string,
  options: RequestOptions<F> = {},
) {
  const rows = shallowReactive(new Map<string, ReturnType<typeof useRequest<A, R, F>>>());

  function run(...args: A): Promise<R | undefined> {
    const key = keyOf(args);
    let row = rows.get(key);
    if (!row) {
      row = useRequest(call, options);
      rows.set(key, row);
    }
    return row.run(...args);
  }

  /** Whether the action of this key is waiting for its answer. */
  function busy(key: string): boolean {
    return rows.get(key)?.loading.value ?? false;
  }

  /** The refusal of this key's latest run, once said (a page acting on a particular code). */
  function problem(key: string) {
    return rows.get(key)?.problem.value ?? null;
  }

  return { run, busy, problem };
}
