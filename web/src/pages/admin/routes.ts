import { Setting } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

export const adminRoutes: RouteRecordRaw[] = [
  {
    path: '/admin',
    name: 'admin-workbench',
    component: () => import('./admin-workbench-page.vue'),
    meta: { title: '运营管理工作台', access: ['admin'], menu: { icon: Setting, order: 40 } },
  },
];
