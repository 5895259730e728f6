import type { Caller } from './corpus-types.js';
import type { FieldKind } from './variants.js';

/**
 * Every public route family that takes a body, with a body that is valid except where a case
 * breaks one field, and the kind of each field. Callback bodies are signed by the test's bank keys.
 */
export interface RouteTemplate {
  family: string;
  method: 'POST' | 'PUT';
  path: string;
  caller: Caller;
  base: Record<string, unknown>;
  fields: Record<string, FieldKind>;
  /** The schema refuses unknown members. */
  strict: boolean;
  /** An empty body is a valid request (every member optional). */
  emptyValid?: boolean;
}

const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

export const ROUTE_TEMPLATES: RouteTemplate[] = [
  {
    family: 'registration',
    method: 'POST',
    path: '/api/v1/enterprises/registrations',
    caller: 'anonymous',
    base: { uscc: '914403001922038216', name: '语料测试有限公司', legalRepresentative: '某人', contactName: '某人', contactMobile: '13800000000', mobileCode: '000000', password: 'Passw0rd1' },
    fields: { uscc: 'code', name: 'text', legalRepresentative: 'text', contactName: 'text', contactMobile: 'code', mobileCode: 'code', password: 'secret' },
    strict: true,
  },
  {
    family: 'login',
    method: 'POST',
    path: '/api/v1/auth/token',
    caller: 'anonymous',
    base: { username: 'corpus-nobody', password: 'x' },
    fields: { username: 'text', password: 'secret' },
    strict: true,
  },
  {
    family: 'consent',
    method: 'POST',
    path: '/api/v1/consents',
    caller: 'enterprise',
    base: { granteeInstitutionId: '{bankId}', scopes: ['register'], purpose: 'pre_credit', validUntil: '2027-06-01T00:00:00+08:00', fetchType: 'ONETIME' },
    fields: { granteeInstitutionId: 'uuid', scopes: 'enum', purpose: 'enum', fetchType: 'enum' },
    strict: true,
  },
  {
    family: 'consent-revoke',
    method: 'POST',
    path: '/api/v1/consents/{consent}/revoke',
    caller: 'enterprise',
    base: { reason: '不再需要' },
    fields: { reason: 'optionalText' },
    strict: true,
    emptyValid: true,
  },
  {
    family: 'product',
    method: 'POST',
    path: '/api/v1/loan-products',
    caller: 'bank',
    base: { name: '语料贷', description: '', minAmount: '100000', maxAmount: '3000000', minTermMonths: 6, maxTermMonths: 36, minRate: '3.45', maxRate: '4.80', guaranteeType: 'credit' },
    fields: { name: 'text', description: 'optionalText', minAmount: 'money', maxAmount: 'money', minTermMonths: 'months', maxTermMonths: 'months', minRate: 'rate', maxRate: 'rate', guaranteeType: 'enum' },
    strict: true,
  },
  {
    family: 'product-update',
    method: 'PUT',
    path: '/api/v1/loan-products/{product}',
    caller: 'bank',
    base: { name: '语料贷', minAmount: '100000', maxAmount: '3000000', minTermMonths: 6, maxTermMonths: 36, minRate: '3.45', maxRate: '4.80', guaranteeType: 'credit' },
    fields: { name: 'text', maxAmount: 'money', maxTermMonths: 'months', maxRate: 'rate' },
    strict: true,
  },
  {
    family: 'application',
    method: 'POST',
    path: '/api/v1/loan-applications',
    caller: 'enterprise',
    base: { productId: '{product}', amount: '500000', termMonths: 12, purpose: '购买设备', submit: false },
    fields: { productId: 'uuid', amount: 'money', termMonths: 'months', purpose: 'text', submit: 'boolean' },
    strict: true,
  },
  {
    family: 'application-withdraw',
    method: 'POST',
    path: '/api/v1/loan-applications/{application}/withdraw',
    caller: 'enterprise',
    base: { reason: '资金已到位' },
    fields: { reason: 'text' },
    strict: true,
  },
  {
    family: 'officer-decision',
    method: 'POST',
    path: '/api/v1/bank/loan-applications/{application}/decision',
    caller: 'bank',
    base: { decision: 'approve', approvedAmount: '500000', approvedRate: '3.85', approvedTermMonths: 12 },
    fields: { decision: 'enum', approvedAmount: 'money', approvedRate: 'rate', approvedTermMonths: 'months', version: 'version', comment: 'optionalText' },
    strict: true,
  },
  {
    family: 'material-request',
    method: 'POST',
    path: '/api/v1/bank/loan-applications/{application}/material-requests',
    caller: 'bank',
    base: { items: ['近六个月银行流水'], note: '请于五个工作日内提交' },
    fields: { note: 'optionalText' },
    strict: true,
  },
  {
    family: 'material-answer',
    method: 'POST',
    path: '/api/v1/loan-applications/{application}/material-answers',
    caller: 'enterprise',
    base: { text: '银行流水已上传' },
    fields: { text: 'text' },
    strict: true,
  },
  {
    family: 'officer-disbursement',
    method: 'POST',
    path: '/api/v1/bank/loan-applications/{approvedApplication}/disbursements',
    caller: 'bank',
    base: { reference: 'CORPUS-D', amount: '1000', occurredOn: today },
    fields: { reference: 'text', amount: 'money', occurredOn: 'date', version: 'version' },
    strict: true,
  },
  {
    family: 'officer-repayment',
    method: 'POST',
    path: '/api/v1/bank/loan-applications/{disbursedApplication}/repayments',
    caller: 'bank',
    base: { reference: 'CORPUS-R', amount: '1000', occurredOn: today },
    fields: { reference: 'text', amount: 'money', occurredOn: 'date', closesLoan: 'boolean' },
    strict: true,
  },
  {
    family: 'demand',
    method: 'POST',
    path: '/api/v1/financing-demands',
    caller: 'enterprise',
    base: { amount: '500000', termMonths: 12, purpose: '流动资金' },
    fields: { amount: 'money', termMonths: 'months', purpose: 'text' },
    strict: true,
  },
  {
    family: 'working-calendar',
    method: 'PUT',
    path: '/api/v1/working-calendar',
    caller: 'admin',
    base: { days: [{ day: '2026-10-01', isWorkingDay: false, note: '国庆节' }] },
    fields: { 'days.0.day': 'date', 'days.0.note': 'text', 'days.0.isWorkingDay': 'boolean' },
    strict: true,
  },
  {
    family: 'institution-client',
    method: 'POST',
    path: '/api/v1/institution/clients',
    caller: 'bankAdmin',
    base: { name: '语料客户端', scopes: ['consents:read'] },
    fields: { name: 'text', scopes: 'enum' },
    strict: true,
  },
  {
    family: 'repair-notice',
    method: 'POST',
    path: '/api/v1/ingestion/notices',
    caller: 'dataSource',
    base: { category: 'honours', recordKey: 'corpus-missing', kind: 'repair', noticeNo: '黄信修〔2026〕1号', reason: '信用修复' },
    fields: { kind: 'enum', noticeNo: 'text', reason: 'text' },
    strict: true,
  },
  {
    family: 'callback-json',
    method: 'POST',
    path: '/api/v1/callbacks/banks/CCB_HS',
    caller: 'bankJson',
    base: {
      type: 'loan_application.status_changed',
      timestamp: '{now}',
      data: {
        applicationId: '{jsonApplication}',
        bankReference: 'CCB-CORPUS',
        status: 'DISBURSED',
        approval: { amount: '500000', rate: '3.85', termMonths: 12 },
        transaction: { reference: 'CT-1', amount: '1000', date: today },
      },
    },
    fields: {
      'data.applicationId': 'uuid',
      'data.bankReference': 'code',
      'data.status': 'enum',
      'data.approval.amount': 'money',
      'data.approval.rate': 'rate',
      'data.approval.termMonths': 'months',
      'data.transaction.reference': 'code',
      'data.transaction.amount': 'money',
      'data.transaction.date': 'date',
    },
    strict: false,
  },
  {
    family: 'callback-envelope',
    method: 'POST',
    path: '/api/v1/callbacks/banks/ICBC_HS',
    caller: 'bankEnvelope',
    base: {
      event_id: 'corpus',
      platform_app_id: '{envelopeApplication}',
      bank_app_no: 'ICBC-CORPUS',
      app_status: '07',
      appr_amt: '500000',
      appr_rate: '3.85',
      appr_term: 12,
      trxn_no: 'CT-1',
      trxn_amt: '1000',
      trxn_date: today.replace(/-/g, ''),
    },
    fields: {
      platform_app_id: 'uuid',
      bank_app_no: 'code',
      app_status: 'enum',
      appr_amt: 'money',
      appr_rate: 'rate',
      appr_term: 'months',
      trxn_no: 'code',
      trxn_amt: 'money',
      trxn_date: 'compactDate',
    },
    strict: false,
  },
];
