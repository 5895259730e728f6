import { randomUUID } from 'node:crypto';
import type { UserStore } from '../user-store.js';
import type { InvitationRow, InvitationStore, NewInvitation, OpenInvitation, PendingApproval } from './invitation-store.js';

type Stored = InvitationRow & { tokenHash: string; createdAt: Date; cancelledBy: string | null; approvedBy: string | null };

/** Invitations in memory, for unit tests; the inviter's name and status are read from `users`. */
export class FakeInvitationStore implements InvitationStore {
  readonly rows: Stored[] = [];

  constructor(private readonly users: Pick<UserStore, 'findById'>) {}

  async insert(_tx: unknown, i: NewInvitation) {
    const id = randomUUID();
    this.rows.push({ ...i, id, acceptedAt: null, approvedAt: null, approvedBy: null, cancelledAt: null, cancelledBy: null });
    return id;
  }
  async findByTokenHash(_tx: unknown, tokenHash: string) {
    const row = this.rows.find((r) => r.tokenHash === tokenHash);
    return row && { ...row };
  }
  async openForUsername(_tx: unknown, username: string, now: Date) {
    return this.rows.some((r) => r.username === username && this.isOpen(r, now));
  }
  async markAccepted(_tx: unknown, id: string, _userId: string, at: Date) {
    const row = this.rows.find((r) => r.id === id && !r.acceptedAt && !r.cancelledAt);
    if (row) row.acceptedAt = at;
    return row !== undefined;
  }
  async listOpen(tx: unknown, institutionId: string, now: Date): Promise<OpenInvitation[]> {
    const open = this.rows.filter((r) => r.institutionId === institutionId && this.isOpen(r, now)).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    return Promise.all(
      open.map(async (r) => {
        const inviter = await this.users.findById(tx as never, r.invitedBy);
        return {
          id: r.id,
          username: r.username,
          displayName: r.displayName,
          mobileEnc: r.mobileEnc,
          position: r.position,
          invitedByName: inviter?.displayName ?? '',
          inviterActive: inviter?.status === 'active',
          createdAt: r.createdAt,
          expiresAt: r.expiresAt,
          approvalRequired: r.approvalRequired,
          approvedAt: r.approvedAt,
        };
      }),
    );
  }
  async findInInstitutionForUpdate(_tx: unknown, institutionId: string, id: string) {
    const row = this.rows.find((r) => r.id === id && r.institutionId === institutionId);
    return row && { ...row };
  }
  async cancel(_tx: unknown, id: string, by: string, at: Date) {
    const row = this.rows.find((r) => r.id === id && !r.acceptedAt && !r.cancelledAt);
    if (row) Object.assign(row, { cancelledAt: at, cancelledBy: by });
    return row !== undefined;
  }
  async awaitingApproval(tx: unknown, now: Date): Promise<PendingApproval[]> {
    const waiting = this.rows.filter((r) => r.approvalRequired && !r.approvedAt && this.isOpen(r, now)).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    return Promise.all(
      waiting.map(async (r) => ({
        id: r.id,
        username: r.username,
        displayName: r.displayName,
        invitedBy: r.invitedBy,
        invitedByName: (await this.users.findById(tx as never, r.invitedBy))?.displayName ?? '',
        createdAt: r.createdAt,
        expiresAt: r.expiresAt,
      })),
    );
  }
  async findAwaitingApproval(tx: unknown, id: string, now: Date): Promise<PendingApproval | undefined> {
    return (await this.awaitingApproval(tx, now)).find((p) => p.id === id);
  }
  async approve(_tx: unknown, id: string, by: string, at: Date) {
    const row = this.rows.find((r) => r.id === id && r.approvalRequired && !r.approvedAt);
    if (row) Object.assign(row, { approvedAt: at, approvedBy: by });
    return row !== undefined;
  }

  private isOpen(r: Stored, now: Date): boolean {
    return !r.acceptedAt && !r.cancelledAt && r.expiresAt > now;
  }
}
