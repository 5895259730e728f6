import { DataLine, Document, Goods, OfficeBuilding, Promotion, User } from '@element-plus/icons-vue';
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
  {
    path: '/enterprise/staff',
    name: 'enterprise-staff',
    component: () => import('./enterprise-staff-page.vue'),
    meta: { title: '企业人员', access: ['enterprise'], menu: { icon: User, order: 35 } },
  },
  {
    path: '/enterprise/products',
    name: 'loan-products',
    component: () => import('./loan-products-page.vue'),
    meta: { title: '金融产品', access: ['enterprise'], menu: { icon: Goods, order: 32 } },
  },
  {
    path: '/enterprise/products/:id/apply',
    name: 'loan-apply',
    component: () => import('./loan-apply-page.vue'),
    meta: { title: '申请贷款', access: ['enterprise'], parent: 'loan-products' },
  },
  {
    path: '/enterprise/applications',
    name: 'my-applications',
    component: () => import('./my-applications-page.vue'),
    meta: { title: '我的申请', access: ['enterprise'], menu: { icon: Document, order: 33 } },
  },
  {
    path: '/enterprise/applications/:id',
    name: 'my-application',
    component: () => import('./my-application-page.vue'),
    meta: { title: '申请详情', access: ['enterprise'], parent: 'my-applications' },
  },
  {
    path: '/enterprise/demands',
    name: 'my-demands',
    component: () => import('./my-demands-page.vue'),
    meta: { title: '融资需求', access: ['enterprise'], menu: { icon: Promotion, order: 34 } },
  },
];
