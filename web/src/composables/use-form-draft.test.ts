import { describe, expect, it } from 'vitest';
import { nextTick, reactive, ref } from 'vue';
import { removeAllDrafts } from '@/session/drafts';
import { useFormDraft } from './use-form-draft';
import { fakeDraftStorage } from '@/session/fake-draft-storage';

const newForm = () => reactive({ amountWan: undefined as number | undefined, purpose: '', scopes: [] as string[], accepted: false });

describe('useFormDraft', () => {
  it('gives a page opened again what was typed into it before', () => {
    const storage = fakeDraftStorage();
    const first = newForm();
    useFormDraft('apply:p1', first, { storage });
    first.amountWan = 50;
    first.purpose = '采购原材料';
    first.scopes.push('tax');

    const again = newForm();
    const draft = useFormDraft('apply:p1', again, { storage });
    expect(draft.restored).toBe(true);
    expect({ ...again }).toEqual({ amountWan: 50, purpose: '采购原材料', scopes: ['tax'], accepted: false });
  });

  it('keeps nothing for a form as first shown, for another key, or once sent', () => {
    const storage = fakeDraftStorage();
    const untouched = newForm();
    useFormDraft('apply:p1', untouched, { storage });
    expect(storage.items.size).toBe(0);

    const sent = newForm();
    const draft = useFormDraft('apply:p1', sent, { storage });
    sent.purpose = '支付货款';
    expect(useFormDraft('apply:p2', newForm(), { storage }).restored).toBe(false);
    draft.clear();
    const again = newForm();
    expect(useFormDraft('apply:p1', again, { storage }).restored).toBe(false);
    expect(again.purpose).toBe('');
  });

  it('never keeps an omitted field, and ignores a kept value of another kind', () => {
    const storage = fakeDraftStorage();
    const first = newForm();
    useFormDraft('self-reported', first, { storage, omit: ['accepted'] });
    first.accepted = true;
    first.purpose = '主营产品';
    storage.setItem('xyd.draft.self-reported', JSON.stringify({ purpose: '主营产品', scopes: 'tax', accepted: true }));

    const again = newForm();
    useFormDraft('self-reported', again, { storage, omit: ['accepted'] });
    expect({ ...again }).toEqual({ amountWan: undefined, purpose: '主营产品', scopes: [], accepted: false });
  });

  it('are all removed for the next person in the tab', () => {
    const storage = fakeDraftStorage();
    storage.setItem('xyd.session', 'kept');
    const form = newForm();
    useFormDraft('demand', form, { storage });
    form.purpose = '扩大生产';
    removeAllDrafts(storage);
    expect([...storage.items.keys()]).toEqual(['xyd.session']);
  });
});

describe('useFormDraft on a form about a chosen record', () => {
  it('puts back each record its own draft, after the page has reset the form for it', async () => {
    const storage = fakeDraftStorage();
    const chosen = ref<string | null>(null);
    const form = reactive({ reason: '' });
    useFormDraft(() => (chosen.value ? `return:${chosen.value}` : null), form, { storage });
    const choose = async (id: string | null) => {
      chosen.value = id;
      form.reason = '';
      await nextTick();
    };

    await choose('p1');
    form.reason = '利率上限超出公布范围';
    await choose('p2');
    expect(form.reason).toBe('');
    form.reason = '期限与担保方式不符';
    await choose(null);
    form.reason = '无主之言';
    await choose('p1');
    expect(form.reason).toBe('利率上限超出公布范围');
    await choose('p2');
    expect(form.reason).toBe('期限与担保方式不符');
    expect([...storage.items.keys()].sort()).toEqual(['xyd.draft.return:p1', 'xyd.draft.return:p2']);
  });
});
