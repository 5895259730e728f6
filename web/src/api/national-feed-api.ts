import { api, unwrap } from './client';
import { saveBlob } from './ingestion-api';
import { networkProblem, problemFromResponse } from './problem';
import type { Schemas } from './schemas';

export type FeedTarget = Schemas['NationalFeedSubmission']['target'];
export type Submission = Schemas['NationalFeedSubmission'];

/** 月度报送 (admin, financial office): revisions, files, corrections, what came down from the province. */
export function fetchFeedFormat(): Promise<Schemas['NationalFeedFormat']> {
  return unwrap(api.GET('/api/v1/national-feed/format'));
}

export async function listSubmissions(target: FeedTarget): Promise<Submission[]> {
  return (await unwrap(api.GET('/api/v1/national-feed/submissions', { params: { query: { target } } }))).items;
}

export function fetchSubmission(id: string): Promise<Schemas['NationalFeedSubmissionDetail']> {
  return unwrap(api.GET('/api/v1/national-feed/submissions/{id}', { params: { path: { id } } }));
}

/** Claims the month's next revision; the build runs on the server (poll the list for its status). */
export function buildSubmission(target: FeedTarget, month: string): Promise<Submission> {
  return unwrap(api.POST('/api/v1/national-feed/submissions', { body: { target, month } }));
}

export async function listCorrections(target: FeedTarget): Promise<Schemas['NationalFeedCorrection'][]> {
  return (await unwrap(api.GET('/api/v1/national-feed/corrections', { params: { query: { target } } }))).items;
}

export async function listProvincialItems(): Promise<Schemas['ProvincialItem'][]> {
  return (await unwrap(api.GET('/api/v1/national-feed/provincial-items'))).items;
}

/** Saves a stored file exactly as it was sent (or received). */
export async function downloadFeedFile(submission: Submission, file: Schemas['NationalFeedFile']): Promise<void> {
  const { data, error, response } = await api
    .GET('/api/v1/national-feed/submissions/{id}/files/{fileId}', { params: { path: { id: submission.id, fileId: file.id } }, parseAs: 'blob' })
    .catch(() => {
      throw networkProblem();
    });
  if (!response.ok || !data) throw problemFromResponse(response, error);
  saveBlob(data as Blob, `${submission.target}-${submission.month}-r${submission.revision}-${file.name}`);
}
