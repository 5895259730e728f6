import type { AccessLogEntry } from '@/api/consents-api';

/** Who read, or tried to read, for the institution: its officer, or its machine client by name. */
export function readerName(entry: Pick<AccessLogEntry, 'user' | 'clientId' | 'clientName'>): string {
  if (entry.user) return entry.user.displayName;
  if (entry.clientId) return `机构系统接口：${entry.clientName ?? entry.clientId}`;
  return '—';
}
