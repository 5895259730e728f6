import { DocumentChecked, Key } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

/** Bank and guarantee officers: grants made to their institution, gated reads; machine access for its 机构管理员. */
export const institutionAccessRoutes: RouteRecordRaw[] = [
  {
    path: '/institution/consents',
    name: 'institution-consents',
    component: () => import('./institution-consents-page.vue'),
    meta: { title: '授权查询', access: ['bank_officer', 'guarantee_officer'], menu: { icon: DocumentChecked, order: 41 } },
  },
  {
    path: '/institution/consents/:id/profile',
    name: 'enterprise-profile',
    component: () => import('./enterprise-profile-page.vue'),
    meta: { title: '查看画像', access: ['bank_officer', 'guarantee_officer'], parent: 'institution-consents' },
  },
  {
    path: '/institution/credentials',
    name: 'api-credentials',
    component: () => import('./api-credentials-page.vue'),
    // Credentials read for the whole institution and the webhook receives its events: its 机构管理员 only.
    meta: { title: '接口凭证', access: ['bank_officer', 'guarantee_officer'], positions: ['institution_admin'], menu: { icon: Key, order: 42 } },
  },
];
