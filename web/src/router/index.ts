import { ElMessage } from 'element-plus';
import { fetchMe } from '@/api/auth-api';
import { POSITION_LABELS } from '@/api/onboarding-api';
import { ref } from 'vue';
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { adminRoutes } from '@/pages/admin/routes';
import { authRoutes } from '@/pages/auth/routes';
import { bankRoutes } from '@/pages/bank/routes';
import { bankConnectionRoutes } from '@/pages/bank-connections/routes';
import { consentRoutes } from '@/pages/consents/routes';
import { creditServicesRoutes } from '@/pages/credit-services/routes';
import { dataSourceRoutes } from '@/pages/data-source/routes';
import { enterpriseRoutes } from '@/pages/enterprise/routes';
import { guaranteeRoutes } from '@/pages/guarantee/routes';
import { homeRoutes } from '@/pages/home/routes';
import { institutionAccessRoutes } from '@/pages/institution-access/routes';
import { nationalFeedRoutes } from '@/pages/national-feed/routes';
import { notificationRoutes } from '@/pages/notifications/routes';
import { notFoundRoutes } from '@/pages/not-found/routes';
import { onboardingRoutes } from '@/pages/onboarding/routes';
import { oversightRoutes } from '@/pages/oversight/routes';
import { precreditRoutes } from '@/pages/precredit/routes';
import { registrationRoutes } from '@/pages/registration/routes';
import { PLATFORM_NAME } from '@/platform-name';
import { ROLE_HOME } from '@/session/role-home';
import { session } from '@/session/session';
import { canOpen, positionMayOpen } from './route-meta';
import { scrollBehavior } from './scroll-behavior';

/** Every area under pages/ contributes its routes here; the side menu is built from their meta. */
const routes: RouteRecordRaw[] = [
  ...homeRoutes,
  ...registrationRoutes,
  ...authRoutes,
  ...enterpriseRoutes,
  ...creditServicesRoutes,
  ...consentRoutes,
  ...bankRoutes,
  ...precreditRoutes,
  ...guaranteeRoutes,
  ...institutionAccessRoutes,
  ...bankConnectionRoutes,
  ...oversightRoutes,
  ...dataSourceRoutes,
  ...adminRoutes,
  ...onboardingRoutes,
  ...nationalFeedRoutes,
  ...notificationRoutes,
  ...notFoundRoutes,
];

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior,
});

/** True while a page (and its lazily loaded code) is on its way; the layout shows a spinner. */
export const navigating = ref(false);

router.beforeEach(() => {
  navigating.value = true;
});

router.beforeEach((to) => {
  const role = session.role();
  const { access } = to.meta;
  if (canOpen(access, role)) return true;
  if (role === null) return { name: 'login', query: { redirect: to.fullPath } };
  if (access !== 'guest') ElMessage({ type: 'warning', message: '当前账号无权访问该页面，已返回您的工作台', grouping: true });
  return { name: ROLE_HOME[role] };
});

// A temporary password: the platform refuses every call until it is changed, so every other page
// would only fail (its reads said 首次登录请先修改临时密码, with 重试 buttons that could not work).
router.beforeEach(async (to) => {
  if (session.role() === null || to.name === 'change-password' || to.name === 'logout') return true;
  if (!session.state.me) {
    try {
      session.setMe(await fetchMe());
    } catch {
      // The page reports the failure of its own requests.
      return true;
    }
  }
  if (!session.state.me?.passwordChangeRequired) return true;
  ElMessage({ type: 'warning', message: '请先设置自己的密码，再使用平台', grouping: true });
  return { name: 'change-password' };
});

// A page kept to some positions (岗位): the others go back to their workbench instead of meeting a refusal.
router.beforeEach(async (to) => {
  const { positions } = to.meta;
  const role = session.role();
  if (!positions || role === null) return true;
  if (!session.state.me) {
    try {
      session.setMe(await fetchMe());
    } catch {
      // The page reports the failure of its own requests.
      return true;
    }
  }
  if (positionMayOpen(positions, session.state.me)) return true;
  ElMessage({ type: 'warning', message: `仅${positions.map((p) => POSITION_LABELS[p]).join('或')}可以打开“${to.meta.title}”，已返回您的工作台`, grouping: true });
  return { name: ROLE_HOME[role] };
});

// A page's code could not be loaded (offline, or a new release replaced the old files).
router.onError((error) => {
  navigating.value = false;
  console.error(error);
  ElMessage({ type: 'error', message: '页面加载失败，请检查网络或刷新页面后重试', grouping: true, showClose: true });
});

router.afterEach((to) => {
  navigating.value = false;
  document.title = to.name === 'home' ? PLATFORM_NAME : `${to.meta.title} - ${PLATFORM_NAME}`;
});
