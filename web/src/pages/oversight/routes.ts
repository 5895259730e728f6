import { DataAnalysis } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

export const oversightRoutes: RouteRecordRaw[] = [
  {
    path: '/oversight',
    name: 'oversight-workbench',
    component: () => import('./oversight-workbench-page.vue'),
    meta: { title: '监测工作台', access: ['financial_office'], menu: { icon: DataAnalysis, order: 40 } },
  },
];
