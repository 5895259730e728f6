import type { RouteRecordRaw } from 'vue-router';

export const notFoundRoutes: RouteRecordRaw[] = [
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./not-found-page.vue'),
    meta: { title: '页面不存在', access: 'public' },
  },
];
