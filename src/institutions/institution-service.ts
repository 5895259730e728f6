import type { Db, DbOrTrx } from '../db/database.js';
import { LENDER_ROLES, PLATFORM_OPERATOR, roleOfInstitutionType, type InstitutionType, type Role } from '../platform/roles.js';
import type { Institution, InstitutionRecord } from './institution.js';
import type { InstitutionStore } from './institution-store.js';

const MAX_CACHED = 10_000;
/** How deep a branch tree may go (the assignment store's tree walk stops at the same depth). */
const MAX_TREE_DEPTH = 16;

/** Which banks are 已对接 now: computed by the bank connections (wired in services.ts). */
export type ConnectedBanks = (tx: DbOrTrx) => Promise<ReadonlySet<string>>;

export class InstitutionService {
  /** Institution id → whether active, trusted for `statusCacheSeconds` (as the token epoch is). */
  private readonly statuses = new Map<string, { active: boolean; until: number }>();

  constructor(
    private readonly db: Db,
    private readonly institutions: InstitutionStore,
    private readonly connectedBanks: ConnectedBanks,
    private readonly statusCacheSeconds = 30,
  ) {}

  async list(filter: { type?: InstitutionType } = {}): Promise<Institution[]> {
    const [rows, connected] = await Promise.all([this.institutions.list(this.db, filter), this.connectedBanks(this.db)]);
    return rows.map((row) => ({ ...row, connected: connected.has(row.id) }));
  }

  async findById(tx: DbOrTrx, id: string): Promise<Institution | undefined> {
    const row = await this.institutions.findById(tx, id);
    return row && { ...row, connected: row.type === 'bank' && (await this.connectedBanks(tx)).has(row.id) };
  }

  /** How many active (not suspended) banks are 已对接 now. */
  async countConnectedBanks(): Promise<number> {
    return (await this.list({ type: 'bank' })).filter((bank) => bank.connected && bank.status === 'active').length;
  }

  /**
   * The platform operator (平台运营方), created with the first admin by `npm run setup` when it
   * does not exist yet; its people are the platform admins. Returns its id.
   */
  async ensureOperator(tx: DbOrTrx, profile: { name: string; uscc: string }): Promise<string> {
    const existing = (await this.institutions.list(tx, { type: PLATFORM_OPERATOR }))[0];
    if (existing) return existing.id;
    return (await this.institutions.insert(tx, { code: 'PLATFORM', name: profile.name, type: PLATFORM_OPERATOR, uscc: profile.uscc })).id;
  }

  /** A bank by id; undefined for an unknown id or another kind of institution. */
  async findBank(tx: DbOrTrx, id: string): Promise<InstitutionRecord | undefined> {
    const institution = await this.institutions.findById(tx, id);
    return institution?.type === 'bank' ? institution : undefined;
  }

  /**
   * The institutions above `id` in the branch tree, nearest first (its parent, the parent's parent,
   * up to the head office); empty for a head office or an unknown id. Bounded, so a damaged tree
   * cannot loop.
   */
  async ancestorIds(tx: DbOrTrx, id: string): Promise<string[]> {
    const above: string[] = [];
    let parentId = (await this.institutions.findById(tx, id))?.parentId ?? null;
    while (parentId !== null && above.length < MAX_TREE_DEPTH && !above.includes(parentId) && parentId !== id) {
      above.push(parentId);
      parentId = (await this.institutions.findById(tx, parentId))?.parentId ?? null;
    }
    return above;
  }

  async findBankByCode(tx: DbOrTrx, code: string): Promise<InstitutionRecord | undefined> {
    return (await this.institutions.list(tx, { type: 'bank' })).find((bank) => bank.code === code);
  }

  /** The role a machine client of this institution acts as; undefined when it may have none (not a lender, or suspended). */
  async machineClientRole(institutionId: string): Promise<Role | undefined> {
    const institution = await this.institutions.findById(this.db, institutionId);
    if (institution?.status !== 'active') return undefined;
    const role = roleOfInstitutionType(institution.type);
    return role && LENDER_ROLES.includes(role) ? role : undefined;
  }

  /**
   * Whether the institution may act (not suspended). Asked on every request of its people and
   * machine clients, so it is cached; a suspension takes effect at once on the instance that
   * approved it (`forget`) and within the cache bound on the others.
   */
  async isActive(institutionId: string): Promise<boolean> {
    const cached = this.statuses.get(institutionId);
    if (cached && cached.until > Date.now()) return cached.active;
    const active = (await this.institutions.findById(this.db, institutionId))?.status === 'active';
    if (this.statuses.size >= MAX_CACHED) this.statuses.clear();
    this.statuses.set(institutionId, { active, until: Date.now() + this.statusCacheSeconds * 1000 });
    return active;
  }

  /** Drops the cached status after a change was committed. */
  forget(institutionId: string): void {
    this.statuses.delete(institutionId);
  }
}
