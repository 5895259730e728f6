import { User } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

export const authRoutes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('./login-page.vue'),
    meta: { title: '登录', access: 'guest', menu: { icon: User, order: 20 } },
  },
  {
    path: '/logout',
    name: 'logout',
    component: () => import('./logout-page.vue'),
    meta: { title: '退出', access: 'public' },
  },
];
