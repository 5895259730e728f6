import type { Schemas } from '@/api/schemas';

/** How batch states and channels are named on 数据报送. */
export const BATCH_STATUS: Record<Schemas['IngestionBatch']['status'], { label: string; tag: 'success' | 'warning' | 'danger' }> = {
  processing: { label: '处理中', tag: 'warning' },
  completed: { label: '已完成', tag: 'success' },
  failed: { label: '未完成', tag: 'danger' },
};

export const CHANNEL_LABELS: Record<Schemas['IngestionBatch']['channel'], string> = {
  api: '接口报送',
  upload: '文件上传',
};
