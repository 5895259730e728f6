import { Bell } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

/** Every person has a 消息中心 and 通知设置 (machine clients never open the portal). */
const PEOPLE = ['enterprise', 'bank_officer', 'guarantee_officer', 'financial_office', 'data_source', 'admin'] as const;

export const notificationRoutes: RouteRecordRaw[] = [
  {
    path: '/notifications',
    name: 'notifications',
    component: () => import('./notification-center-page.vue'),
    meta: { title: '消息中心', access: PEOPLE, menu: { icon: Bell, order: 90 } },
  },
  {
    path: '/notifications/settings',
    name: 'notification-settings',
    component: () => import('./notification-settings-page.vue'),
    meta: { title: '通知设置', access: PEOPLE, parent: 'notifications' },
  },
];
