import type { NotificationService } from '../../notifications/notification-service.js';
import type { ProductDecision, ProductDecisionObserver } from './ports.js';

const TITLES: Record<ProductDecision['kind'], string> = {
  published: '贷款产品已审核上架',
  returned: '贷款产品被退回修改',
  withdrawn: '贷款产品已下架',
};

function bodyOf(name: string, decision: ProductDecision): string {
  switch (decision.kind) {
    case 'published':
      return `“${name}”已通过审核，企业现在可以浏览并申请。`;
    case 'returned':
      return `“${name}”被退回修改，原因：${decision.reason}。请在“我的产品”中修改后重新提交审核。`;
    case 'withdrawn':
      return `“${name}”已由平台下架，企业不能再申请；如有疑问请联系平台管理员。`;
  }
}

/**
 * 产品审核结果: the bank's 机构管理员 hear of each admin decision on its product (上架, 退回修改 with
 * the reason, 下架). The key names the decision and its moment, so the same decision told twice
 * reaches each person once, and a later decision of the same kind is told again.
 */
export function productNotices(notifications: Pick<NotificationService, 'notify'>): ProductDecisionObserver {
  return {
    onDecision: (tx, product, decision, at) =>
      notifications.notify(tx, { to: 'institution_admins', institutionId: product.bankId }, {
        kind: 'product_reviewed',
        title: TITLES[decision.kind],
        body: bodyOf(product.name, decision),
        link: '/bank/products',
        dedupeKey: `product:${product.id}:${decision.kind}:${at.toISOString()}`,
      }),
  };
}
