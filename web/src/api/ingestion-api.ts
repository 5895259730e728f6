import { formatDateTime } from '@/format/date';
import { session } from '@/session/session';
import { api, ensureFreshToken, unwrap } from './client';
import { networkProblem, problemFromResponse } from './problem';
import type { Schemas } from './schemas';

/** 数据报送 (`/api/v1/ingestion/...`) for data-source departments. */
export function listCategories(): Promise<Schemas['IngestionCategory'][]> {
  return unwrap(api.GET('/api/v1/ingestion/categories'));
}

export function listBatches(): Promise<Schemas['IngestionBatch'][]> {
  return unwrap(api.GET('/api/v1/ingestion/batches', { params: { query: { limit: 50 } } }));
}

export function batchReport(batchId: string): Promise<Schemas['BatchReport']> {
  return unwrap(api.GET('/api/v1/ingestion/batches/{batchId}', { params: { path: { batchId } } }));
}

export function rejectionPage(batchId: string, afterRow: number, limit: number): Promise<Schemas['RejectionPage']> {
  return unwrap(api.GET('/api/v1/ingestion/batches/{batchId}/rejections', { params: { path: { batchId }, query: { afterRow, limit } } }));
}

/** The media types the upload route accepts, by file extension (browsers give .jsonl no type). */
const MEDIA_TYPES: Record<string, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jsonl: 'application/x-ndjson',
};

export const UPLOAD_EXTENSIONS = Object.keys(MEDIA_TYPES);

export function mediaTypeOf(fileName: string): string | undefined {
  return MEDIA_TYPES[fileName.split('.').pop()?.toLowerCase() ?? ''];
}

export interface UploadRequest {
  category: string;
  formatVersion: number;
  file: File;
  /** Fraction of the file sent so far (0–1); at 1 the platform is still reading and checking it. */
  onProgress(sent: number): void;
}

/**
 * 文件报送. Sent with XMLHttpRequest rather than fetch because only XHR reports upload progress;
 * the file goes as the raw request body, which the platform streams.
 */
export async function uploadFile(request: UploadRequest): Promise<Schemas['BatchReport']> {
  await ensureFreshToken();
  return sendFile(request);
}

function sendFile({ category, formatVersion, file, onProgress }: UploadRequest): Promise<Schemas['BatchReport']> {
  const query = new URLSearchParams({ formatVersion: String(formatVersion), fileName: file.name });
  const xhr = new XMLHttpRequest();
  xhr.open('POST', `/api/v1/ingestion/${encodeURIComponent(category)}/files?${query.toString()}`);
  xhr.setRequestHeader('Content-Type', mediaTypeOf(file.name) ?? file.type);
  const token = session.token();
  if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
  xhr.responseType = 'text';
  xhr.upload.onprogress = (event) => {
    if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
  };
  return new Promise((resolve, reject) => {
    xhr.onerror = () => reject(networkProblem());
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status === 201 && body !== undefined) {
        resolve(body as Schemas['BatchReport']);
        return;
      }
      if (xhr.status === 401 && token) session.expire();
      reject(problemFromResponse(new Response(null, { status: xhr.status }), body));
    };
    xhr.send(file);
  });
}

/**
 * Saves every rejected row of a batch as the Excel workbook the platform streams, named after the
 * category and the file the department sent (not the batch's internal id).
 */
export async function downloadRejections(batch: { id: string; categoryLabel: string; fileName: string | null; receivedAt: string }): Promise<void> {
  const batchId = batch.id;
  const { data, error, response } = await api
    .GET('/api/v1/ingestion/batches/{batchId}/rejections.xlsx', { params: { path: { batchId } }, parseAs: 'blob' })
    .catch(() => {
      throw networkProblem();
    });
  if (!response.ok || !data) throw problemFromResponse(response, error);
  const sent = batch.fileName?.replace(/\.[^.]*$/, '') || formatDateTime(batch.receivedAt).replace(/[: ]/g, '');
  saveBlob(data, `错误明细-${batch.categoryLabel}-${sent}.xlsx`);
}

export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
