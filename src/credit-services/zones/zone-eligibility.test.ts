import { describe, expect, it } from 'vitest';
import { ruralEligibility, techEligibility, techListsFromTitles } from './zone-eligibility.js';

describe('zone eligibility', () => {
  it('counts cooperatives and 门类 A industries as 涉农, and nothing else', () => {
    expect(ruralEligibility({ entityType: 'farmer_cooperative', industry: null }).eligible).toBe(true);
    expect(ruralEligibility({ entityType: 'enterprise', industry: '渔业' })).toEqual({ eligible: true, basis: ['所属行业：渔业'] });
    expect(ruralEligibility({ entityType: 'enterprise', industry: '软件和信息技术服务业' }).eligible).toBe(false);
    expect(ruralEligibility({ entityType: 'individual_business', industry: null }).basis).toEqual(['登记信息中没有所属行业']);
  });

  it('reads the tech lists from designation titles and names each list as the basis', () => {
    const lists = techListsFromTitles(['湖北省专精特新中小企业', '守合同重信用企业', '国家高新技术企业认定']);
    expect(lists).toEqual(['high_tech', 'specialised']);
    expect(techEligibility(lists)).toEqual({ eligible: true, basis: ['已列入高新技术企业名单', '已列入专精特新企业名单'] });
    expect(techEligibility([]).eligible).toBe(false);
  });
});
