import { Stamp } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

export const guaranteeRoutes: RouteRecordRaw[] = [
  {
    path: '/guarantee',
    name: 'guarantee-workbench',
    component: () => import('./guarantee-workbench-page.vue'),
    meta: { title: '担保工作台', access: ['guarantee_officer'], menu: { icon: Stamp, order: 40 } },
  },
];
