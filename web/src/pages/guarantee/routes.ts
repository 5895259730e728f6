import { DataAnalysis, Files, PieChart, Stamp, Tickets } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

export const guaranteeRoutes: RouteRecordRaw[] = [
  {
    path: '/guarantee',
    name: 'guarantee-workbench',
    component: () => import('./guarantee-workbench-page.vue'),
    meta: { title: '担保工作台', access: ['guarantee_officer'], menu: { icon: Stamp, order: 40 } },
  },
  {
    path: '/guarantee/cases',
    name: 'guarantee-cases',
    component: () => import('./guarantee-queue-page.vue'),
    meta: { title: '担保申请受理', access: ['guarantee_officer'], menu: { icon: Tickets, order: 41 }, parent: 'guarantee-workbench' },
  },
  {
    path: '/guarantee/cases/:id',
    name: 'guarantee-case',
    component: () => import('./guarantee-case-page.vue'),
    meta: { title: '担保办理', access: ['guarantee_officer'], parent: 'guarantee-cases' },
  },
  {
    path: '/guarantee/report',
    name: 'guarantee-report',
    component: () => import('./guarantee-report-page.vue'),
    meta: { title: '担保业务月报', access: ['guarantee_officer'], menu: { icon: DataAnalysis, order: 42 }, parent: 'guarantee-workbench' },
  },
  {
    path: '/guarantee/products',
    name: 'guarantee-products',
    component: () => import('./guarantee-products-page.vue'),
    meta: { title: '担保产品', access: ['guarantee_officer'], menu: { icon: Files, order: 43 }, parent: 'guarantee-workbench' },
  },
  {
    path: '/guarantee/templates',
    name: 'risk-templates',
    component: () => import('./risk-templates-page.vue'),
    meta: { title: '风险分担模板', access: ['financial_office', 'admin'], menu: { icon: PieChart, order: 48 } },
  },
];
