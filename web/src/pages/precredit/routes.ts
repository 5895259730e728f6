import { DataAnalysis, Histogram, List, Medal } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

export const precreditRoutes: RouteRecordRaw[] = [
  {
    path: '/bank/precredit/models',
    name: 'precredit-models',
    component: () => import('./bank-models-page.vue'),
    meta: { title: '预授信模型', access: ['bank_officer'], menu: { icon: Histogram, order: 44 }, parent: 'bank-workbench' },
  },
  {
    path: '/bank/precredit/whitelist',
    name: 'precredit-whitelist',
    component: () => import('./whitelist-page.vue'),
    meta: { title: '预授信白名单', access: ['bank_officer'], menu: { icon: List, order: 45 }, parent: 'bank-workbench' },
  },
  {
    path: '/precredit/monitoring',
    name: 'precredit-monitoring',
    component: () => import('./monitoring-page.vue'),
    meta: { title: '模型监测', access: ['bank_officer', 'admin'], menu: { icon: DataAnalysis, order: 46 } },
  },
  {
    path: '/enterprise/precredit',
    name: 'my-precredit',
    component: () => import('./my-precredit-page.vue'),
    meta: { title: '我的预授信', access: ['enterprise'], menu: { icon: Medal, order: 31.5 }, parent: 'my-enterprise' },
  },
];
