import { describe, expect, it } from 'vitest';
import { ref } from 'vue';
import { ApiProblem } from '@/api/problem';
import { LOAD_FAILED, useRequest, type FieldErrors } from './use-request';

/** A call whose answers the test releases by hand, in any order. */
function heldCalls<R>() {
  const pending = new Map<string, { resolve: (value: R) => void; reject: (error: unknown) => void }>();
  const call = (key: string) => new Promise<R>((resolve, reject) => pending.set(key, { resolve, reject }));
  return { call, answer: (key: string, value: R) => pending.get(key)!.resolve(value), fail: (key: string, error: unknown) => pending.get(key)!.reject(error) };
}

describe('useRequest', () => {
  it('shows the latest run when an earlier one is answered after it, and stays loading until the latest is answered', async () => {
    const held = heldCalls<string>();
    const zone = useRequest(held.call);
    const rural = zone.run('rural');
    const tech = zone.run('tech');
    held.answer('tech', 'tech zone');
    expect(await tech).toBe('tech zone');
    expect(zone.loading.value).toBe(false);
    held.answer('rural', 'rural zone');
    expect(await rural).toBeUndefined();
    expect(zone.data.value).toBe('tech zone');
  });

  it('keeps loading while the latest run is still waiting, whatever the earlier one did', async () => {
    const held = heldCalls<string>();
    const zone = useRequest(held.call);
    const rural = zone.run('rural');
    const tech = zone.run('tech');
    held.answer('rural', 'rural zone');
    expect(await rural).toBeUndefined();
    expect(zone.loading.value).toBe(true);
    expect(zone.data.value).toBeUndefined();
    held.answer('tech', 'tech zone');
    expect(await tech).toBe('tech zone');
    expect(zone.loading.value).toBe(false);
  });

  it('reports a failure of the latest run on its field, and not a failure of a run it replaced', async () => {
    const held = heldCalls<string>();
    const fieldErrors = ref<FieldErrors<'name'>>({});
    const save = useRequest(held.call, { fieldErrors, fields: ['name'] });
    const refused = (message: string) => new ApiProblem({ status: 400, code: 'VALIDATION_FAILED', detail: message, errors: [{ field: 'name', code: 'X', message }] });

    const first = save.run('first');
    const second = save.run('second');
    held.fail('first', refused('第一次的错误'));
    expect(await first).toBeUndefined();
    expect(save.problem.value).toBeNull();
    expect(fieldErrors.value).toEqual({});

    held.fail('second', refused('名称不能为空'));
    expect(await second).toBeUndefined();
    expect(save.problem.value?.detail).toBe('名称不能为空');
    expect(fieldErrors.value).toEqual({ name: '名称不能为空' });
  });
});

describe('useRequest emptyText', () => {
  it('says nothing before the first answer and while loading, the empty text once an answer came, and the failure when the load failed', async () => {
    const held = heldCalls<string[]>();
    const list = useRequest(held.call);
    expect(list.emptyText('暂无授权')).toBe('');
    const first = list.run('first');
    expect(list.emptyText('暂无授权')).toBe('');
    held.answer('first', []);
    await first;
    expect(list.emptyText('暂无授权')).toBe('暂无授权');

    const again = list.run('again');
    expect(list.emptyText('暂无授权')).toBe('');
    held.fail('again', new ApiProblem({ status: 503, code: 'UNAVAILABLE', detail: '服务暂不可用', errors: [] }));
    await again;
    expect(list.emptyText('暂无授权')).toBe(LOAD_FAILED);
  });
});

describe('useRequest answered', () => {
  it('is false while a run for a new filter is waiting, though the previous filter answered with no rows, and after a failure', async () => {
    const held = heldCalls<string[]>();
    const search = useRequest(held.call);
    expect(search.answered.value).toBe(false);
    const first = search.run('贷款');
    held.answer('贷款', []);
    await first;
    expect(search.answered.value).toBe(true);

    // The previous filter's empty answer is still the data: its 没有… must not show for the new one.
    const next = search.run('担保');
    expect(search.data.value).toEqual([]);
    expect(search.answered.value).toBe(false);
    held.answer('担保', []);
    await next;
    expect(search.answered.value).toBe(true);

    const failed = search.run('补贴');
    held.fail('补贴', new ApiProblem({ status: 503, code: 'UNAVAILABLE', detail: '服务暂不可用', errors: [] }));
    await failed;
    expect(search.answered.value).toBe(false);
    expect(search.emptyText('没有找到')).toBe(LOAD_FAILED);
  });
});
