import { describe, expect, it } from 'vitest';
import { refusedForTheAddress, wayBack } from './way-back';

const TITLES: Record<string, string> = { 'national-feed': '月度报送', 'oversight-workbench': '监测工作台', home: '信易贷融资信用服务平台' };
const routes = { titleOf: (name: string) => TITLES[name] };

describe('refusedForTheAddress', () => {
  it('takes a malformed or unknown record in the address for a refusal that reading again cannot mend', () => {
    expect(refusedForTheAddress({ status: 400 })).toBe(true);
    expect(refusedForTheAddress({ status: 404 })).toBe(true);
  });

  it('leaves a busy platform, a lost network and an ended login to be tried again', () => {
    for (const status of [0, 401, 429, 500, 503]) expect(refusedForTheAddress({ status })).toBe(false);
  });
});

describe('wayBack', () => {
  it('goes back to the page the record is opened from', () => {
    expect(wayBack('national-feed', 'financial_office', routes)).toEqual({ name: 'national-feed', title: '月度报送' });
  });

  it("goes to the person's workbench when the page has no parent, and home when no one is signed in", () => {
    expect(wayBack(undefined, 'financial_office', routes)).toEqual({ name: 'oversight-workbench', title: '监测工作台' });
    expect(wayBack(undefined, null, routes)).toEqual({ name: 'home', title: '首页' });
    expect(wayBack('gone', null, routes)).toEqual({ name: 'home', title: '首页' });
  });
});
