import { HomeFilled } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

export const homeRoutes: RouteRecordRaw[] = [
  {
    path: '/',
    name: 'home',
    component: () => import('./home-page.vue'),
    meta: { title: '首页', access: 'public', menu: { icon: HomeFilled, order: 0 } },
  },
];
