import { Message, OfficeBuilding, UserFilled } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

export const onboardingRoutes: RouteRecordRaw[] = [
  {
    path: '/admin/institutions',
    name: 'institution-admin',
    component: () => import('./institutions-page.vue'),
    meta: { title: '机构管理', access: ['admin'], menu: { icon: OfficeBuilding, order: 45 }, parent: 'admin-workbench' },
  },
  {
    path: '/admin/dev-inbox',
    name: 'dev-inbox',
    component: () => import('./dev-inbox-page.vue'),
    meta: { title: '开发收件箱', access: ['admin'], menu: { icon: Message, order: 49 }, parent: 'admin-workbench' },
  },
  {
    path: '/people',
    name: 'people',
    component: () => import('./people-page.vue'),
    // Platform admins are the people of the platform operator: they manage one another here.
    meta: { title: '人员管理', access: ['bank_officer', 'guarantee_officer', 'financial_office', 'data_source', 'admin'], menu: { icon: UserFilled, order: 60 } },
  },
  {
    path: '/change-password',
    name: 'change-password',
    component: () => import('./change-password-page.vue'),
    meta: { title: '修改密码', access: ['enterprise', 'bank_officer', 'guarantee_officer', 'financial_office', 'data_source', 'admin'] },
  },
  {
    path: '/invitation/:token',
    name: 'invitation',
    component: () => import('./invitation-page.vue'),
    meta: { title: '接受邀请', access: 'guest' },
  },
  {
    path: '/forgot-password',
    name: 'forgot-password',
    component: () => import('./forgot-password-page.vue'),
    meta: { title: '忘记密码', access: 'guest' },
  },
];
