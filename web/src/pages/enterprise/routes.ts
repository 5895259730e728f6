import { OfficeBuilding } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

export const enterpriseRoutes: RouteRecordRaw[] = [
  {
    path: '/enterprise',
    name: 'my-enterprise',
    component: () => import('./my-enterprise-page.vue'),
    meta: { title: '我的企业', access: ['enterprise'], menu: { icon: OfficeBuilding, order: 30 } },
  },
];
