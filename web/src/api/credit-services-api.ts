import { saveBlob } from './ingestion-api';
import { api, postFile, unwrap } from './client';
import { networkProblem, problemFromResponse } from './problem';
import type { Schemas } from './schemas';

export type CreditReport = Schemas['CreditReport'];
export type CreditObjection = Schemas['CreditObjection'];

/** 生成信用报告: issues a new report from the current profile. */
export function issueReport(): Promise<CreditReport> {
  return unwrap(api.POST('/api/v1/me/credit-reports'));
}

export async function listReports(): Promise<CreditReport[]> {
  return (await unwrap(api.GET('/api/v1/me/credit-reports'))).items;
}

/** Saves an issued report's PDF (the same bytes every time). */
export async function downloadReport(report: CreditReport): Promise<void> {
  const { data, error, response } = await api
    .GET('/api/v1/me/credit-reports/{reportId}/pdf', { params: { path: { reportId: report.id } }, parseAs: 'blob' })
    .catch(() => {
      throw networkProblem();
    });
  if (!response.ok || !data) throw problemFromResponse(response, error);
  saveBlob(data, `企业公共信用报告-${report.verificationCode}.pdf`);
}

export function reportByCode(code: string): Promise<Schemas['PublicCreditReport']> {
  return unwrap(api.GET('/api/v1/public/credit-reports/{code}', { params: { path: { code } } }));
}

/** Checks a file byte for byte against the issued reports (and the code's, when given). */
export async function verifyReportFile(file: File, code: string): Promise<Schemas['CreditReportVerification']> {
  const response = await fetch(`/api/v1/public/credit-reports/verifications${code ? `?code=${encodeURIComponent(code)}` : ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/pdf' },
    body: file,
  }).catch(() => {
    throw networkProblem();
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw problemFromResponse(response, body);
  return body as Schemas['CreditReportVerification'];
}

export async function listMyObjections(): Promise<CreditObjection[]> {
  return (await unwrap(api.GET('/api/v1/me/credit-objections'))).items;
}

export function fileObjection(body: Schemas['NewCreditObjection']): Promise<CreditObjection> {
  return unwrap(api.POST('/api/v1/me/credit-objections', { body }));
}

/** Uploads one attachment; the server checks its type by content. */
export function uploadObjectionAttachment(objectionId: string, file: File): Promise<Schemas['ObjectionAttachment']> {
  return postFile<Schemas['ObjectionAttachment']>(`/api/v1/me/credit-objections/${objectionId}/attachments`, file);
}

/** 异议处理: the department's objections (its own records), or all of them for the office and operators. */
export async function listObjections(query: { status?: CreditObjection['status']; escalated?: 'true' | 'false' }): Promise<CreditObjection[]> {
  return (await unwrap(api.GET('/api/v1/credit-objections', { params: { query } }))).items;
}

export function answerObjection(id: string, body: Schemas['ObjectionAnswer']): Promise<CreditObjection> {
  return unwrap(api.POST('/api/v1/credit-objections/{id}/answer', { params: { path: { id } }, body }));
}
