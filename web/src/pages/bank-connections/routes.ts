import { Connection } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

/** 银行对接: a bank's institution admin (its own bank) or the platform admin (every bank). */
export const bankConnectionRoutes: RouteRecordRaw[] = [
  {
    path: '/bank-connections',
    name: 'bank-connections',
    component: () => import('./bank-connection-page.vue'),
    meta: { title: '银行对接', access: ['bank_officer', 'admin'], positions: ['institution_admin'], menu: { icon: Connection, order: 44 } },
  },
];
