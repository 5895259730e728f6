import { Upload } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

/** 月度报送 for the platform admin and the financial office. */
export const nationalFeedRoutes: RouteRecordRaw[] = [
  {
    path: '/national-feed',
    name: 'national-feed',
    component: () => import('./national-feed-page.vue'),
    meta: { title: '月度报送', access: ['admin', 'financial_office'], menu: { icon: Upload, order: 45 } },
  },
  {
    path: '/national-feed/submissions/:id',
    name: 'national-feed-submission',
    component: () => import('./submission-page.vue'),
    meta: { title: '报送批次', access: ['admin', 'financial_office'], parent: 'national-feed' },
  },
];
