import type { BadInputCase } from './corpus-types.js';
import { ROUTE_TEMPLATES, type RouteTemplate } from './route-templates.js';
import { uploadCases } from './upload-cases.js';
import { deeplyNested, VARIANTS, withField } from './variants.js';

/** Today in Shanghai: ledger dates may not precede the approval the corpus fixtures record today. */
const shanghaiToday = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Every field of every template, with every variant of its kind. */
function fieldCases(t: RouteTemplate): BadInputCase[] {
  return Object.entries(t.fields).flatMap(([field, kind]) =>
    VARIANTS[kind].map(([variant, value]): BadInputCase => ({
      name: `${t.family} ${field}=${variant}`,
      method: t.method,
      path: t.path,
      caller: t.caller,
      body: withField(t.base, field, value),
      expect: 'refused',
      // Over the body limit the answer is 413, before any field is looked at.
      field: variant === 'huge' ? undefined : field,
    })),
  );
}

const raw = (text: string) => ({ text, contentType: 'application/json' });
const json = (t: RouteTemplate) => JSON.stringify(t.base).slice(1, -1);

/** Whole-body hazards for each template; callbacks are signed, so they reach the content checks. */
function structuralCases(t: RouteTemplate): BadInputCase[] {
  const signed = t.caller === 'bankJson' || t.caller === 'bankEnvelope';
  const c = (variant: string, shape: Pick<BadInputCase, 'body' | 'raw' | 'field'>): BadInputCase => ({
    name: `${t.family} body=${variant}`,
    method: t.method,
    path: t.path,
    caller: t.caller,
    expect: 'refused',
    ...shape,
  });
  const cases = [
    ...(t.emptyValid ? [] : [c('empty-object', { body: {} })]),
    c('array', { body: [] }),
    c('proto-key', t.caller === 'bankEnvelope' ? { body: JSON.parse(`{"__proto__":{"x":1},${json(t)}}`), field: '__proto__' } : { raw: raw(`{"__proto__":{"x":1},${json(t)}}`), field: '__proto__' }),
    c('constructor-key', { body: { ...t.base, constructor: { prototype: { x: 1 } } }, field: 'constructor' }),
    c('nested-proto-key', t.caller === 'bankEnvelope' ? { body: JSON.parse(`{${json(t)},"x":{"a":{"__proto__":1}}}`), field: 'x.a.__proto__' } : { raw: raw(`{${json(t)},"x":{"a":{"__proto__":1}}}`), field: 'x.a.__proto__' }),
    c('nul-in-key', { body: { ...t.base, 'a\u0000': 1 } }),
    c('deep-nesting', t.caller === 'bankEnvelope' ? { body: { ...t.base, x: JSON.parse(deeplyNested(200)) } } : { raw: raw(`{${json(t)},"x":${deeplyNested(10_000)}}`) }),
  ];
  if (!signed) {
    cases.push(c('null', { raw: raw('null') }), c('truncated', { raw: raw(`{${json(t)}`) }), c('string', { raw: raw('"x"') }));
    if (!t.emptyValid) cases.push(c('text-plain', { raw: { text: JSON.stringify(t.base), contentType: 'text/plain' } }));
  } else {
    cases.push(c('string', { body: 'x' }), c('null-value', { body: null }));
  }
  if (t.strict) cases.push(c('unknown-member', { body: { ...t.base, unexpectedMember: 1 }, field: 'unexpectedMember' }));
  return cases;
}

/** Path parameters and query strings with bad values, on read routes. */
const urlCases: BadInputCase[] = [
  ...['x', '%00', '%ED%A0%80', '%E0%A4%A', '00000000-0000-4000-8000-00000000000g', "1' or '1'='1", '..%2F..%2Fetc%2Fpasswd', 'a'.repeat(5_000)].flatMap((id): BadInputCase[] => [
    { name: `GET application id=${id.slice(0, 20)}`, method: 'GET', path: `/api/v1/loan-applications/${id}`, caller: 'enterprise', expect: 'refused' },
    { name: `GET officer application id=${id.slice(0, 20)}`, method: 'GET', path: `/api/v1/bank/loan-applications/${id}`, caller: 'bank', expect: 'refused' },
    { name: `GET product id=${id.slice(0, 20)}`, method: 'GET', path: `/api/v1/loan-products/${id}`, caller: 'anonymous', expect: 'refused' },
    { name: `GET consent id=${id.slice(0, 20)}`, method: 'GET', path: `/api/v1/consents/${id}`, caller: 'enterprise', expect: 'refused' },
    { name: `POST replay outbox id=${id.slice(0, 20)}`, method: 'POST', path: `/api/v1/admin/outbox/${id}/replay`, caller: 'admin', expect: 'refused' },
    { name: `GET market entity uscc=${id.slice(0, 20)}`, method: 'GET', path: `/api/v1/market-entities/${id}`, caller: 'admin', expect: 'refused' },
    { name: `DELETE calendar day=${id.slice(0, 20)}`, method: 'DELETE', path: `/api/v1/working-calendar/${id}`, caller: 'admin', expect: 'refused' },
  ]),
  ...['2026-02-30', '0000-01-01'].map((day): BadInputCase => ({ name: `DELETE calendar day=${day}`, method: 'DELETE', path: `/api/v1/working-calendar/${day}`, caller: 'admin', expect: 'refused', field: 'day' })),
  ...(
    [
      ['/api/v1/loan-products', 'amount', ['-1', '1e9', '100000000000.01', '%00', '%ED%A0%80']],
      ['/api/v1/loan-products', 'termMonths', ['0', '1.5', '99999999999', 'x']],
      ['/api/v1/loan-products', 'regionCode', ['abc', '%00']],
      ['/api/v1/loan-products', 'status', ['nope']],
      ['/api/v1/loan-applications', 'page', ['0', '-1', '1e400', 'x']],
      ['/api/v1/loan-applications', 'pageSize', ['0', '101', '1.5']],
      ['/api/v1/loan-applications', 'status', ['nope', '%00']],
      ['/api/v1/consents', 'limit', ['0', '501', 'x']],
      ['/api/v1/consents', 'status', ['nope']],
      ['/api/v1/consents/access-log', 'from', ['2026-02-30T00:00:00+08:00', 'yesterday']],
      ['/api/v1/working-calendar', 'year', ['1999', '2101', 'x', '%00']],
      ['/api/v1/admin/outbox', 'status', ['nope']],
      ['/api/v1/admin/outbox', 'limit', ['0', '100000']],
    ] as const
  ).flatMap(([path, name, values]) =>
    values.map((value): BadInputCase => ({
      name: `GET ${path}?${name}=${value}`,
      method: 'GET',
      path: `${path}?${name}=${value}`,
      caller: path.startsWith('/api/v1/loan-products') ? 'anonymous' : path.includes('working-calendar') || path.includes('outbox') ? 'admin' : 'enterprise',
      expect: 'refused',
      field: name,
    })),
  ),
  { name: 'GET query key __proto__', method: 'GET', path: '/api/v1/loan-products?__proto__=x', caller: 'anonymous', expect: 'refused', field: '__proto__' },
  { name: 'GET query key constructor', method: 'GET', path: '/api/v1/loan-products?constructor=x', caller: 'anonymous', expect: 'refused', field: 'constructor' },
  { name: 'POST oauth token with NUL', method: 'POST', path: '/api/v1/oauth/token', caller: 'anonymous', raw: { text: 'grant_type=client_credentials%00&client_id=x', contentType: 'application/x-www-form-urlencoded' }, expect: 'refused', field: 'grant_type' },
  { name: 'POST oauth token with __proto__', method: 'POST', path: '/api/v1/oauth/token', caller: 'anonymous', raw: { text: 'grant_type=client_credentials&__proto__=x', contentType: 'application/x-www-form-urlencoded' }, expect: 'refused' },
  { name: 'POST oauth token lone surrogate', method: 'POST', path: '/api/v1/oauth/token', caller: 'anonymous', raw: { text: 'grant_type=%ED%A0%80', contentType: 'application/x-www-form-urlencoded' }, expect: 'refused' },
];

const future = '2100-01-01';
/** Well-formed requests a business rule refuses (422 naming the field). */
const ruleCases: BadInputCase[] = [
  ...(
    [
      ['approvedAmount', { approvedAmount: '3000000.01' }],
      ['approvedAmount', { approvedAmount: '99999.99' }],
      ['approvedRate', { approvedRate: '4.3501' }],
      ['approvedRate', { approvedRate: '1' }],
      ['approvedTermMonths', { approvedTermMonths: 360 }],
      ['approvedTermMonths', { approvedTermMonths: 1 }],
    ] as const
  ).map(([field, change], i): BadInputCase => ({
    name: `officer approval outside product #${i} ${field}`,
    method: 'POST',
    path: '/api/v1/bank/loan-applications/{application}/decision',
    caller: 'bank',
    body: { decision: 'approve', approvedAmount: '500000', approvedRate: '3.85', approvedTermMonths: 12, ...change },
    expect: 'refused',
    field,
  })),
  { name: 'disbursement above approved', method: 'POST', path: '/api/v1/bank/loan-applications/{approvedApplication}/disbursements', caller: 'bank', body: { reference: 'R-OVER', amount: '500000.01', occurredOn: shanghaiToday }, expect: 'refused', field: 'amount' },
  { name: 'disbursement dated 2100', method: 'POST', path: '/api/v1/bank/loan-applications/{approvedApplication}/disbursements', caller: 'bank', body: { reference: 'R-2100', amount: '1', occurredOn: future }, expect: 'refused', field: 'occurredOn' },
  { name: 'repayment above outstanding', method: 'POST', path: '/api/v1/bank/loan-applications/{disbursedApplication}/repayments', caller: 'bank', body: { reference: 'R-OVER', amount: '500000.01', occurredOn: shanghaiToday }, expect: 'refused', field: 'amount' },
  { name: 'absurd repayment', method: 'POST', path: '/api/v1/bank/loan-applications/{disbursedApplication}/repayments', caller: 'bank', body: { reference: 'R-ABSURD', amount: '99999999999.99', occurredOn: shanghaiToday }, expect: 'refused', field: 'amount' },
  { name: 'application above product maximum', method: 'POST', path: '/api/v1/loan-applications', caller: 'enterprise', body: { productId: '{product}', amount: '3000000.01', termMonths: 12, purpose: '购买设备', submit: false }, expect: 'refused', field: 'amount' },
  { name: 'application term outside product', method: 'POST', path: '/api/v1/loan-applications', caller: 'enterprise', body: { productId: '{product}', amount: '500000', termMonths: 360, purpose: '购买设备', submit: false }, expect: 'refused', field: 'termMonths' },
  { name: 'calendar day twice', method: 'PUT', path: '/api/v1/working-calendar', caller: 'admin', body: { days: [{ day: '2026-10-01', isWorkingDay: false, note: '国庆' }, { day: '2026-10-01', isWorkingDay: true, note: '调休' }] }, expect: 'refused', field: 'days.1.day' },
  { name: 'product ranges inverted', method: 'POST', path: '/api/v1/loan-products', caller: 'bank', body: { name: '倒挂贷', minAmount: '300000', maxAmount: '100000', minTermMonths: 6, maxTermMonths: 36, minRate: '4.8', maxRate: '3.45', guaranteeType: 'credit' }, expect: 'refused', field: 'maxAmount' },
  {
    name: 'json callback tranche above approved',
    method: 'POST',
    path: '/api/v1/callbacks/banks/CCB_HS',
    caller: 'bankJson',
    body: withField(ROUTE_TEMPLATES.find((t) => t.family === 'callback-json')!.base, 'data.transaction.amount', '500000.01'),
    expect: 'refused',
    protocolRefusal: 'DISBURSEMENT_EXCEEDS_APPROVED',
  },
  {
    name: 'json callback tranche dated 2100',
    method: 'POST',
    path: '/api/v1/callbacks/banks/CCB_HS',
    caller: 'bankJson',
    body: withField(ROUTE_TEMPLATES.find((t) => t.family === 'callback-json')!.base, 'data.transaction.date', future),
    expect: 'refused',
    protocolRefusal: 'LEDGER_DATE_OUT_OF_RANGE',
  },
  {
    name: 'envelope callback tranche above approved',
    method: 'POST',
    path: '/api/v1/callbacks/banks/ICBC_HS',
    caller: 'bankEnvelope',
    body: withField(ROUTE_TEMPLATES.find((t) => t.family === 'callback-envelope')!.base, 'trxn_amt', '500000.01'),
    expect: 'refused',
    protocolRefusal: 'DISBURSEMENT_EXCEEDS_APPROVED',
  },
  {
    name: 'envelope callback status query code 00',
    method: 'POST',
    path: '/api/v1/callbacks/banks/ICBC_HS',
    caller: 'bankEnvelope',
    body: withField(ROUTE_TEMPLATES.find((t) => t.family === 'callback-envelope')!.base, 'app_status', '00'),
    expect: 'refused',
    field: 'app_status',
  },
  {
    name: 'json callback status PENDING',
    method: 'POST',
    path: '/api/v1/callbacks/banks/CCB_HS',
    caller: 'bankJson',
    body: withField(ROUTE_TEMPLATES.find((t) => t.family === 'callback-json')!.base, 'data.status', 'PENDING'),
    expect: 'refused',
    field: 'data.status',
  },
];

export const BAD_INPUT_CASES: BadInputCase[] = [
  ...ROUTE_TEMPLATES.flatMap((t) => [...fieldCases(t), ...structuralCases(t)]),
  ...urlCases,
  ...ruleCases,
  ...uploadCases(),
];
