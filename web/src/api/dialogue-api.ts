import { api, postFile, unwrap } from './client';
import { saveBlob } from './ingestion-api';
import { networkProblem, problemFromResponse } from './problem';
import type { Schemas } from './schemas';

export type TimelineEntry = Schemas['TimelineEntry'];
export type ApplicationDocument = Schemas['ApplicationDocument'];
export type WorkQueue = Schemas['WorkQueueList']['items'][number];

/** 办理记录: the SME's side (`mine`) or the bank's side of one application. */
export async function fetchTimeline(side: 'mine' | 'bank', id: string): Promise<TimelineEntry[]> {
  const params = { params: { path: { id } } };
  const page = side === 'mine' ? await unwrap(api.GET('/api/v1/loan-applications/{id}/timeline', params)) : await unwrap(api.GET('/api/v1/bank/loan-applications/{id}/timeline', params));
  return page.items;
}

export function requestMaterial(id: string, body: Schemas['MaterialRequestInput']): Promise<Schemas['ApplicationMessage']> {
  return unwrap(api.POST('/api/v1/bank/loan-applications/{id}/material-requests', { params: { path: { id } }, body }));
}

export async function listPendingDocuments(id: string): Promise<ApplicationDocument[]> {
  return (await unwrap(api.GET('/api/v1/loan-applications/{id}/documents', { params: { path: { id } } }))).items;
}

/** Sends the file as it is: the platform judges its type by its content. */
export function uploadDocument(id: string, file: File): Promise<ApplicationDocument> {
  return postFile<ApplicationDocument>(`/api/v1/loan-applications/${id}/documents`, file);
}

export function answerMaterial(id: string, body: Schemas['MaterialAnswerInput']): Promise<Schemas['ApplicationMessage']> {
  return unwrap(api.POST('/api/v1/loan-applications/{id}/material-answers', { params: { path: { id } }, body }));
}

export async function downloadDocument(side: 'mine' | 'bank', id: string, document: ApplicationDocument): Promise<void> {
  const params = { params: { path: { id, documentId: document.id } }, parseAs: 'blob' as const };
  const { data, error, response } = await (side === 'mine'
    ? api.GET('/api/v1/loan-applications/{id}/documents/{documentId}', params)
    : api.GET('/api/v1/bank/loan-applications/{id}/documents/{documentId}', params)
  ).catch(() => {
    throw networkProblem();
  });
  if (!response.ok || !data) throw problemFromResponse(response, error);
  saveBlob(data, document.fileName);
}

export async function fetchAssignment(id: string): Promise<Schemas['ApplicationAssignment']['assignment']> {
  return (await unwrap(api.GET('/api/v1/bank/loan-applications/{id}/assignment', { params: { path: { id } } }))).assignment;
}

export async function assignApplication(id: string, body: Schemas['AssignmentInput']): Promise<Schemas['ApplicationAssignment']['assignment']> {
  return (await unwrap(api.PUT('/api/v1/bank/loan-applications/{id}/assignment', { params: { path: { id } }, body }))).assignment;
}

export async function takeApplication(id: string): Promise<Schemas['ApplicationAssignment']['assignment']> {
  return (await unwrap(api.POST('/api/v1/bank/loan-applications/{id}/assignment/take', { params: { path: { id } } }))).assignment;
}

export function fetchWorkload(): Promise<Schemas['BankWorkload']> {
  return unwrap(api.GET('/api/v1/bank/workload'));
}

export async function fetchWorkQueue(): Promise<WorkQueue[]> {
  return (await unwrap(api.GET('/api/v1/me/work-queue'))).items;
}
