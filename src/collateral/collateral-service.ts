import type { Db } from '../db/database.js';
import type { LoanApplicationService } from '../lending/applications/application-service.js';
import { shanghaiDate } from '../platform/business-date.js';
import type { Clock } from '../platform/clock.js';
import { unprocessable, unprocessableField } from '../platform/errors.js';
import type { Principal } from '../platform/roles.js';
import type { CollateralStore } from './collateral-store.js';
import { EXCLUDED_KINDS, type ExcludedKind, type MovableRegistration } from './movable-collateral.js';

/** A registration sent again is the one recorded only when every field agrees (a double submit); otherwise it would be dropped. */
const sameRegistration = (a: MovableRegistration, b: MovableRegistration): boolean =>
  a.kind === b.kind &&
  a.registeredOn === b.registeredOn &&
  a.termMonths === b.termMonths &&
  a.description === b.description &&
  a.searchResult === b.searchResult &&
  (a.searchNote ?? null) === (b.searchNote ?? null);

/**
 * 动产 collateral on an application: the bank's operator records the 中登网 registration and the
 * search-before-lend result (the registry has no machine API). An excluded kind is refused with
 * the registry it belongs to; a 登记证明编号 names one registration per application.
 */
export class CollateralService {
  constructor(private readonly deps: { db: Db; store: CollateralStore; applications: Pick<LoanApplicationService, 'getForBank'>; clock: Clock }) {}

  async list(officer: Principal, applicationId: string): Promise<MovableRegistration[]> {
    await this.deps.applications.getForBank(officer, applicationId);
    return this.deps.store.list(this.deps.db, applicationId);
  }

  async record(officer: Principal, applicationId: string, input: MovableRegistration | { kind: ExcludedKind }): Promise<MovableRegistration[]> {
    await this.deps.applications.getForBank(officer, applicationId);
    if (input.kind in EXCLUDED_KINDS) {
      const where = EXCLUDED_KINDS[input.kind as ExcludedKind];
      throw unprocessable('NOT_A_ZHONGDENG_KIND', `该类担保不在动产融资统一登记公示系统登记。${where}`, [{ field: 'kind', code: 'NOT_A_ZHONGDENG_KIND', message: where }]);
    }
    const registration = input as MovableRegistration;
    if (registration.registeredOn > shanghaiDate(this.deps.clock.now())) {
      throw unprocessableField('DATE_IN_FUTURE', 'registeredOn', '登记日期不能晚于今天');
    }
    if (!(await this.deps.store.insert(this.deps.db, applicationId, registration, officer.userId))) {
      const recorded = (await this.deps.store.list(this.deps.db, applicationId)).find((r) => r.registrationNo === registration.registrationNo);
      if (recorded && !sameRegistration(recorded, registration)) {
        const message = `登记证明编号 ${registration.registrationNo} 已按不同内容登记在本申请上，不能再次登记`;
        throw unprocessableField('REGISTRATION_NO_REUSED', 'registrationNo', message);
      }
    }
    return this.deps.store.list(this.deps.db, applicationId);
  }
}
