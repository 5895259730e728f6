import { AlarmClock, Calendar, Goods, Lock, Message, Search, Setting } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

export const adminRoutes: RouteRecordRaw[] = [
  {
    path: '/admin',
    name: 'admin-workbench',
    component: () => import('./admin-workbench-page.vue'),
    meta: { title: '运营管理工作台', access: ['admin'], menu: { icon: Setting, order: 40 } },
  },
  {
    path: '/admin/working-calendar',
    name: 'working-calendar',
    component: () => import('./working-calendar-page.vue'),
    meta: { title: '工作日历', access: ['admin'], menu: { icon: Calendar, order: 41 }, parent: 'admin-workbench' },
  },
  {
    path: '/admin/source-categories',
    name: 'source-categories',
    component: () => import('./source-categories-page.vue'),
    meta: { title: '报送权限', access: ['admin'], menu: { icon: Lock, order: 44 }, parent: 'admin-workbench' },
  },
  {
    path: '/admin/products',
    name: 'product-review',
    component: () => import('./product-review-page.vue'),
    meta: { title: '产品审核', access: ['admin'], menu: { icon: Goods, order: 42 }, parent: 'admin-workbench' },
  },
  {
    path: '/admin/outbox',
    name: 'outbox',
    component: () => import('./outbox-page.vue'),
    meta: { title: '消息投递', access: ['admin'], menu: { icon: Message, order: 43 }, parent: 'admin-workbench' },
  },
  {
    path: '/admin/scheduled-jobs',
    name: 'scheduled-jobs',
    component: () => import('./scheduled-jobs-page.vue'),
    meta: { title: '定时任务', access: ['admin'], menu: { icon: AlarmClock, order: 43.5 }, parent: 'admin-workbench' },
  },
  {
    path: '/market-entities',
    name: 'market-entity-lookup',
    component: () => import('./market-entity-lookup-page.vue'),
    // As the API allows: the platform's operators, the financial office and the data-source departments.
    meta: { title: '登记查询', access: ['admin', 'financial_office', 'data_source'], menu: { icon: Search, order: 46 } },
  },
];
