import { z } from 'zod';
import { unprocessableField } from '../platform/errors.js';
import { PROFILE_SCOPES, SCOPE_LABELS, type ProfileScope } from '../platform/profile-scopes.js';

/**
 * What the enterprise lets the bank read for one loan application or taken financing demand
 * (数据授权范围, 期限, 频次): chosen on the page, checked here, granted exactly as chosen.
 *
 * - Required scopes (必需): what no loan review can do without — who the enterprise is (登记注册)
 *   and whether it is a 失信 subject (司法判决及执行, 严重失信主体名单). The enterprise cannot
 *   narrow below them.
 * - Default scopes (建议): the smallest set a credit review usually needs: the required ones plus
 *   纳税 and 社会保险, the two series that show a going concern.
 * - ONETIME (一次性) is the default: the officer's first read is kept in the case file (案卷).
 *   PERIODIC (期限内多次) allows up to `REVIEW_READS_PER_DAY` reads a day within the period.
 */
export const REQUIRED_REVIEW_SCOPES: readonly ProfileScope[] = ['register', 'judicial', 'credit_lists'];
export const DEFAULT_REVIEW_SCOPES: readonly ProfileScope[] = [...REQUIRED_REVIEW_SCOPES, 'tax', 'social_security'];

/** Reads a day under a PERIODIC review grant: several officers may open the profile while deciding. */
export const REVIEW_READS_PER_DAY = 50;
export const MIN_VALID_DAYS = 7;
export const DEFAULT_VALID_DAYS = 90;

export type ReviewFetchType = 'ONETIME' | 'PERIODIC';

export interface ConsentTerms {
  scopes: ProfileScope[];
  fetchType: ReviewFetchType;
  validDays: number;
}

/** The choice a page offers: what is required, what is suggested, how long at most. */
export interface ConsentTermsOffer {
  requiredScopes: ProfileScope[];
  defaultScopes: ProfileScope[];
  defaultFetchType: ReviewFetchType;
  readsPerDay: number;
  minValidDays: number;
  defaultValidDays: number;
  maxValidDays: number;
}

export function consentTermsOffer(maxValidDays: number): ConsentTermsOffer {
  return {
    requiredScopes: [...REQUIRED_REVIEW_SCOPES],
    defaultScopes: [...DEFAULT_REVIEW_SCOPES],
    defaultFetchType: 'ONETIME',
    readsPerDay: REVIEW_READS_PER_DAY,
    minValidDays: Math.min(MIN_VALID_DAYS, maxValidDays),
    defaultValidDays: Math.min(DEFAULT_VALID_DAYS, maxValidDays),
    maxValidDays,
  };
}

export function defaultTerms(offer: ConsentTermsOffer): ConsentTerms {
  return { scopes: [...offer.defaultScopes], fetchType: offer.defaultFetchType, validDays: offer.defaultValidDays };
}

/** The request field `consent` (shape only; the rules against the offer are `checkTerms`). */
export const consentTermsSchema = z
  .object({
    scopes: z.array(z.enum(PROFILE_SCOPES, { error: '数据授权范围含未知类别' }), { error: '请选择数据授权范围' }),
    fetchType: z.enum(['ONETIME', 'PERIODIC'], { error: '查询频次应为一次性或期限内多次' }),
    validDays: z.number({ error: '请填写授权期限（天）' }).int('授权期限应为整数天'),
  })
  .strict();

/** Refuses terms below the required scopes or outside the period (422 naming `consent.<field>`). */
export function checkTerms(terms: ConsentTerms, offer: ConsentTermsOffer): ConsentTerms {
  const missing = offer.requiredScopes.filter((s) => !terms.scopes.includes(s));
  if (missing.length) {
    const message = `数据授权范围不能少于必需项：${missing.map((s) => SCOPE_LABELS[s]).join('、')}`;
    throw unprocessableField('CONSENT_SCOPE_REQUIRED', 'consent.scopes', message);
  }
  if (terms.validDays < offer.minValidDays || terms.validDays > offer.maxValidDays) {
    const message = `授权期限须在 ${offer.minValidDays} 至 ${offer.maxValidDays} 天之间`;
    throw unprocessableField('CONSENT_PERIOD_OUT_OF_RANGE', 'consent.validDays', message);
  }
  return { ...terms, scopes: [...new Set(terms.scopes)].sort() };
}
