import { DataAnalysis, Odometer, Timer } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

export const oversightRoutes: RouteRecordRaw[] = [
  {
    path: '/oversight',
    name: 'oversight-workbench',
    component: () => import('./oversight-workbench-page.vue'),
    meta: { title: '监测工作台', access: ['financial_office'], menu: { icon: DataAnalysis, order: 40 } },
  },
  {
    path: '/oversight/monitoring',
    name: 'oversight-monitoring',
    component: () => import('./monitoring-page.vue'),
    meta: { title: '监测看板', access: ['financial_office'], menu: { icon: Odometer, order: 41 }, parent: 'oversight-workbench' },
  },
  {
    path: '/oversight/lending-sla',
    name: 'lending-sla',
    component: () => import('./lending-sla-page.vue'),
    meta: { title: '银行服务时效', access: ['financial_office'], menu: { icon: Timer, order: 42 }, parent: 'oversight-workbench' },
  },
];
