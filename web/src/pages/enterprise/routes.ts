import { DataLine, OfficeBuilding } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

export const enterpriseRoutes: RouteRecordRaw[] = [
  {
    path: '/enterprise',
    name: 'my-enterprise',
    component: () => import('./my-enterprise-page.vue'),
    meta: { title: '我的企业', access: ['enterprise'], menu: { icon: OfficeBuilding, order: 30 } },
  },
  {
    path: '/enterprise/profile',
    name: 'my-credit-profile',
    component: () => import('./my-credit-profile-page.vue'),
    meta: { title: '我的信用画像', access: ['enterprise'], menu: { icon: DataLine, order: 31 }, parent: 'my-enterprise' },
  },
];
