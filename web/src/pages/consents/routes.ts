import { Document, Tickets } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

/** 授权管理 and 查询记录: the enterprise decides who may read its data and sees every read. */
export const consentRoutes: RouteRecordRaw[] = [
  {
    path: '/consents',
    name: 'consents',
    component: () => import('./consents-page.vue'),
    meta: { title: '授权管理', access: ['enterprise'], menu: { icon: Document, order: 31 } },
  },
  {
    path: '/consents/new',
    name: 'consent-grant',
    component: () => import('./consent-grant-page.vue'),
    meta: { title: '新增授权', access: ['enterprise'], parent: 'consents' },
  },
  {
    path: '/consents/access-log',
    name: 'access-log',
    component: () => import('./access-log-page.vue'),
    meta: { title: '查询记录', access: ['enterprise'], menu: { icon: Tickets, order: 32 } },
  },
  {
    path: '/consents/:id/document',
    name: 'consent-document',
    component: () => import('./consent-document-page.vue'),
    meta: { title: '授权书', access: ['enterprise'], parent: 'consents' },
  },
  {
    path: '/consents/:id',
    name: 'consent-detail',
    component: () => import('./consent-detail-page.vue'),
    meta: { title: '授权详情', access: ['enterprise'], parent: 'consents' },
  },
];
