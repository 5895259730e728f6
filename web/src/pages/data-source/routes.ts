import { RefreshLeft, Upload, UploadFilled } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

export const dataSourceRoutes: RouteRecordRaw[] = [
  {
    path: '/data-source',
    name: 'data-source-workbench',
    component: () => import('./data-source-workbench-page.vue'),
    meta: { title: '数据报送工作台', access: ['data_source'], menu: { icon: Upload, order: 40 } },
  },
  {
    path: '/data-source/submissions',
    name: 'data-submission',
    component: () => import('./data-submission-page.vue'),
    meta: { title: '数据报送', access: ['data_source'], menu: { icon: UploadFilled, order: 41 }, parent: 'data-source-workbench' },
  },
  {
    path: '/data-source/credit-repair',
    name: 'credit-repair',
    component: () => import('./credit-repair-page.vue'),
    meta: { title: '信用修复', access: ['data_source'], menu: { icon: RefreshLeft, order: 42 }, parent: 'data-source-workbench' },
  },
];
