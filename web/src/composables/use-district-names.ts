import { shallowRef, type Ref } from 'vue';
import { listDistricts } from '@/api/register-api';

const names = shallowRef<ReadonlyMap<string, string>>();
let loading: Promise<void> | undefined;

/**
 * The city's district names by code, loaded once per page load and shared by every page that
 * shows a profile. Undefined until they arrive; a failed load is tried again by the next page.
 */
export function useDistrictNames(): Ref<ReadonlyMap<string, string> | undefined> {
  loading ??= listDistricts().then(
    (districts) => void (names.value = new Map(districts.map((d) => [d.code, d.name]))),
    () => void (loading = undefined),
  );
  return names;
}
