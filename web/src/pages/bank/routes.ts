import { Document, Goods, Promotion, Wallet } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

export const bankRoutes: RouteRecordRaw[] = [
  {
    path: '/bank',
    name: 'bank-workbench',
    component: () => import('./bank-workbench-page.vue'),
    meta: { title: '银行工作台', access: ['bank_officer'], menu: { icon: Wallet, order: 40 } },
  },
  {
    path: '/bank/applications',
    name: 'bank-applications',
    component: () => import('./bank-applications-page.vue'),
    meta: { title: '贷款申请', access: ['bank_officer'], menu: { icon: Document, order: 41 }, parent: 'bank-workbench' },
  },
  {
    path: '/bank/applications/:id',
    name: 'bank-application',
    component: () => import('./bank-application-page.vue'),
    meta: { title: '申请办理', access: ['bank_officer'], parent: 'bank-applications' },
  },
  {
    path: '/bank/demands',
    name: 'demand-hall',
    component: () => import('./demand-hall-page.vue'),
    meta: { title: '融资需求大厅', access: ['bank_officer'], menu: { icon: Promotion, order: 42 }, parent: 'bank-workbench' },
  },
  {
    path: '/bank/products',
    name: 'bank-products',
    component: () => import('./bank-products-page.vue'),
    meta: { title: '我的产品', access: ['bank_officer'], menu: { icon: Goods, order: 43 }, parent: 'bank-workbench' },
  },
];
