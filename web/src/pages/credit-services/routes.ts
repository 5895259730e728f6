import { ChatDotRound, ChatLineSquare, Document, DocumentChecked, EditPen, Grid, Guide, Notebook, Promotion, Stamp, Warning } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

export const creditServicesRoutes: RouteRecordRaw[] = [
  {
    path: '/enterprise/credit-reports',
    name: 'my-credit-reports',
    component: () => import('./my-credit-reports-page.vue'),
    meta: { title: '信用报告', access: ['enterprise'], menu: { icon: Document, order: 35 }, parent: 'my-enterprise' },
  },
  {
    path: '/enterprise/objections',
    name: 'my-objections',
    component: () => import('./my-objections-page.vue'),
    meta: { title: '异议申请', access: ['enterprise'], menu: { icon: Warning, order: 36 }, parent: 'my-enterprise' },
  },
  {
    path: '/enterprise/self-reported',
    name: 'self-reported',
    component: () => import('./self-reported-page.vue'),
    meta: { title: '自愿填报', access: ['enterprise'], menu: { icon: EditPen, order: 37 }, parent: 'my-enterprise' },
  },
  {
    path: '/credit-objections',
    name: 'objection-handling',
    component: () => import('./objection-handling-page.vue'),
    meta: { title: '异议处理', access: ['data_source', 'financial_office', 'admin'], menu: { icon: ChatLineSquare, order: 45 } },
  },
  {
    path: '/credit-reports/verify',
    name: 'credit-report-verify',
    component: () => import('./report-verify-page.vue'),
    meta: { title: '信用报告核验', access: 'public', menu: { icon: DocumentChecked, order: 5 } },
  },
  {
    path: '/zones/rural_revitalization',
    name: 'zone-rural',
    component: () => import('./zone-page.vue'),
    props: { code: 'rural_revitalization' },
    meta: { title: '乡村振兴专区', access: 'public', menu: { icon: Guide, order: 6 } },
  },
  {
    path: '/zones/tech_loan',
    name: 'zone-tech',
    component: () => import('./zone-page.vue'),
    props: { code: 'tech_loan' },
    meta: { title: '科技贷专区', access: 'public', menu: { icon: Promotion, order: 7 } },
  },
  {
    path: '/zone-curation',
    name: 'zone-curation',
    component: () => import('./zone-curation-page.vue'),
    meta: { title: '专区维护', access: ['financial_office', 'admin'], menu: { icon: Grid, order: 46 } },
  },
  {
    path: '/knowledge',
    name: 'knowledge',
    component: () => import('./knowledge-page.vue'),
    meta: { title: '政策与知识', access: 'public', menu: { icon: Notebook, order: 8 } },
  },
  {
    path: '/knowledge/:id',
    name: 'knowledge-article',
    component: () => import('./knowledge-article-page.vue'),
    props: true,
    meta: { title: '内容详情', access: 'public', parent: 'knowledge' },
  },
  {
    path: '/qa',
    name: 'qa-board',
    component: () => import('./qa-board-page.vue'),
    meta: { title: '专家问答', access: 'public', menu: { icon: ChatDotRound, order: 9 } },
  },
  {
    path: '/knowledge-admin',
    name: 'knowledge-admin',
    component: () => import('./knowledge-admin-page.vue'),
    meta: { title: '内容管理', access: ['financial_office', 'admin'], menu: { icon: EditPen, order: 47 } },
  },
  {
    path: '/credit-commitments',
    name: 'credit-commitments',
    component: () => import('./commitments-page.vue'),
    meta: { title: '信用承诺', access: ['enterprise', 'data_source', 'financial_office', 'admin'], menu: { icon: Stamp, order: 44 } },
  },
];
