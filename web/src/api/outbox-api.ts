import { api, unwrap } from './client';
import { networkProblem, problemFromResponse } from './problem';
import type { Schemas } from './schemas';

export type OutboxStatus = Schemas['OutboxMessage']['status'];

/** 消息投递 (admin): outbox messages, e.g. the dead-letter list. */
export async function listOutbox(status: OutboxStatus): Promise<Schemas['OutboxMessage'][]> {
  return (await unwrap(api.GET('/api/v1/admin/outbox', { params: { query: { status } } }))).items;
}

/** Queues a dead-lettered message again with a fresh attempt budget; resolves when queued (204). */
export async function replayOutbox(id: string): Promise<void> {
  const { error, response } = await api.POST('/api/v1/admin/outbox/{id}/replay', { params: { path: { id } } }).catch(() => {
    throw networkProblem();
  });
  if (!response.ok) throw problemFromResponse(response, error);
}
