import { Wallet } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

export const bankRoutes: RouteRecordRaw[] = [
  {
    path: '/bank',
    name: 'bank-workbench',
    component: () => import('./bank-workbench-page.vue'),
    meta: { title: '银行工作台', access: ['bank_officer'], menu: { icon: Wallet, order: 40 } },
  },
];
