import { ElMessage } from 'element-plus';
import { computed, ref, type Ref } from 'vue';
import { ApiProblem, clientProblem } from '@/api/problem';
import { session } from '@/session/session';
import { focusFirstError } from './focus-first-error';
import { placeProblem } from './place-problem';
import { addressRefusalHandler } from './use-query-state';

/** Server messages for the fields of one form, keyed by the field names the API uses. */
export type FieldErrors<F extends string> = Partial<Record<F, string>>;

export interface RequestOptions<F extends string> {
  /** Fields of the form on screen: a problem naming one of them is shown next to it. */
  fieldErrors?: Ref<FieldErrors<F>>;
  fields?: readonly F[];
  /** A refusal the page says in a place of its own (a row's note, 抢单's 409): no message for it. */
  saysItself?: (problem: ApiProblem) => boolean;
}

/**
 * Wraps one API call with a loading flag and the portal's error rule: `errors[]` entries that
 * name a field on the form are shown on that field, everything else as an ElMessage.
 * `run` resolves to undefined when the call failed (the user has already been told); `data`
 * keeps the last successful result.
 *
 * The latest run wins: a run started while an earlier one is still waiting (another zone, page or
 * filter chosen) makes the earlier one's answer void, whichever arrives first. The earlier run
 * resolves to undefined and changes nothing on the page (no data, no problem, no message), and
 * `loading` stays true until the latest run is answered. Otherwise a slow answer for what the
 * user chose before would replace what they chose now, and a form filled from it would save it.
 */
export function useRequest<A extends unknown[], R, F extends string = never>(
  call: (...args: A) => Promise<R>,
  options: RequestOptions<F> = {},
) {
  const loading = ref(false);
  const problem = ref<ApiProblem | null>(null);
  /** The last successful result. */
  const data = ref<R>();

  let latest = 0;
  // A form's refusal is the person's to correct; only a read without fields may be of the address's filter.
  const droppedFromAddress = options.fieldErrors ? () => false : addressRefusalHandler();

  async function run(...args: A): Promise<R | undefined> {
    const mine = ++latest;
    loading.value = true;
    problem.value = null;
    if (options.fieldErrors) options.fieldErrors.value = {};
    try {
      const result = await call(...args);
      if (mine !== latest) return undefined;
      data.value = result;
      return result;
    } catch (caught) {
      if (!(caught instanceof ApiProblem)) console.error(caught);
      if (mine !== latest) return undefined;
      const failure = caught instanceof ApiProblem ? caught : clientProblem();
      // A hand-edited link's filter: the page's query state drops it and reads the list again.
      if (droppedFromAddress(failure)) return undefined;
      problem.value = failure;
      report(failure, options);
      return undefined;
    } finally {
      if (mine === latest) loading.value = false;
    }
  }

  /**
   * Whether `data` answers the latest run: not before the first answer, while any run is waiting, or
   * after the latest failed. A list drawn without a table (an `el-empty` saying 没有… / 暂无…) shows
   * its notice only then: `data` still holds the previous filter's rows until the new answer comes.
   */
  const answered = computed(() => !loading.value && !problem.value && data.value !== undefined);

  /**
   * What a table of this request's data says when it has no rows: nothing while a run is waiting or
   * before the first one answered (the loading state speaks then), that the list could not be read
   * when the latest run failed, and `text` (the page's 暂无…) only when an answer said it is empty.
   */
  function emptyText(text: string): string {
    if (answered.value) return text;
    return problem.value && !loading.value ? LOAD_FAILED : '';
  }

  return { loading, problem, data, run, emptyText, answered };
}

/** A list's empty text when its latest load failed; what went wrong was already shown as a message. */
export const LOAD_FAILED = '加载失败，请稍后刷新重试';

function report<F extends string>(failure: ApiProblem, { fieldErrors, fields = [], saysItself }: RequestOptions<F>): void {
  // The token was refused: the layout already says so and sends the user to 登录.
  if (failure.status === 401 && session.state.expired) return;
  if (saysItself?.(failure)) return;
  const { onFields, message } = placeProblem(failure, fieldErrors ? fields : []);
  if (fieldErrors) fieldErrors.value = onFields;
  if (fieldErrors && Object.keys(onFields).length > 0) void focusFirstError();
  // A message about fields the form does not show stays until closed: it says what to correct.
  if (message) ElMessage({ type: 'error', message, grouping: true, showClose: true, duration: failure.errors.length > 0 ? 0 : 5000 });
}
