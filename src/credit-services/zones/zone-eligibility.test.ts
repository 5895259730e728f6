import { describe, expect, it } from 'vitest';
import { ruralEligibility, techEligibility } from './zone-eligibility.js';

describe('zone eligibility', () => {
  it('counts cooperatives and 门类 A industries as 涉农, and nothing else', () => {
    expect(ruralEligibility({ entityType: 'farmer_cooperative', industry: null }).eligible).toBe(true);
    expect(ruralEligibility({ entityType: 'enterprise', industry: '渔业' })).toEqual({ eligible: true, basis: ['所属行业：渔业'] });
    expect(ruralEligibility({ entityType: 'enterprise', industry: '软件和信息技术服务业' }).eligible).toBe(false);
    expect(ruralEligibility({ entityType: 'individual_business', industry: null }).basis).toEqual(['登记信息中没有所属行业']);
  });

  it('names each tech list the firm is on as the basis, with the official list names', () => {
    expect(techEligibility(['high_tech', 'specialised'])).toEqual({ eligible: true, basis: ['已列入高新技术企业名单', '已列入专精特新中小企业名单'] });
    expect(techEligibility([])).toEqual({ eligible: false, basis: ['未列入科技型中小企业、高新技术企业、专精特新中小企业名单（或认定已过期）'] });
  });
});
