import type { Db } from '../db/database.js';
import { notFound } from '../platform/errors.js';
import { sm3Hex } from '../platform/national-crypto.js';
import { renderPdf } from '../platform/pdf/pdf-document.js';
import type { Principal } from '../platform/roles.js';
import type { Guarantee } from './guarantee.js';
import { letterContent, type IssuedLetter } from './guarantee-letter.js';
import type { GuaranteeLetterStore } from './guarantee-letter-store.js';
import type { GuaranteeService } from './guarantee-service.js';
import type { GuaranteeStore } from './guarantee-store.js';
import type { LoanApplicationService } from '../lending/applications/application-service.js';

export interface GuaranteeLetterServiceDeps {
  db: Db;
  store: Pick<GuaranteeStore, 'forApplication'>;
  letters: GuaranteeLetterStore;
  guarantees: Pick<GuaranteeService, 'termsOf'>;
  /** Lending's one rule for a bank path on an application: the bank's own people, or a branch (支行) it is assigned to. */
  applications: Pick<LoanApplicationService, 'bankReaches'>;
}

/**
 * 担保函 PDFs. A letter is issued on its first download after the grant and stored with its SM3
 * digest; later downloads return the stored bytes. Its content is fixed by the grant (the issue
 * time printed is the grant time), so whichever party downloads first, the bytes are the same.
 */
export class GuaranteeLetterService {
  constructor(private readonly deps: GuaranteeLetterServiceDeps) {}

  async forApplication(principal: Principal, applicationId: string): Promise<IssuedLetter> {
    const guarantee = await this.deps.store.forApplication(this.deps.db, applicationId);
    if (!guarantee || !(await this.isParty(principal, guarantee, applicationId))) throw notFound('GUARANTEE_NOT_FOUND', '该申请没有担保业务');
    const stored = await this.deps.letters.find(this.deps.db, guarantee.id);
    if (stored) return stored;
    const terms = await this.deps.guarantees.termsOf(guarantee);
    const pdf = await renderPdf(letterContent(terms));
    await this.deps.letters.insert(this.deps.db, { guaranteeId: guarantee.id, letterNo: terms.letterNo, pdf, sm3: sm3Hex(pdf), issuedAt: new Date(terms.grantedAt) });
    return (await this.deps.letters.find(this.deps.db, guarantee.id))!;
  }

  /** Whether the caller is one of the three parties of the guarantee: its company, the lending bank (as lending lets it act), the borrowing SME. */
  private async isParty(p: Principal, g: Guarantee, applicationId: string): Promise<boolean> {
    if (p.role === 'guarantee_officer') return p.institutionId === g.companyId;
    if (p.role === 'bank_officer') return this.deps.applications.bankReaches(p, applicationId);
    if (p.role === 'enterprise') return p.enterpriseId === g.enterpriseId;
    return false;
  }
}
