import { OfficeBuilding } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

export const registrationRoutes: RouteRecordRaw[] = [
  {
    path: '/register',
    name: 'registration',
    component: () => import('./registration-page.vue'),
    meta: { title: '企业注册', access: 'guest', menu: { icon: OfficeBuilding, order: 10 } },
  },
];
