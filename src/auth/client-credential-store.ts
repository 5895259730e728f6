import type { DbOrTrx } from '../db/database.js';

export interface ClientSecretRecord {
  id: string;
  clientId: string;
  secretHash: string;
  /** Last characters of the secret, so an operator can tell two live secrets apart. */
  hint: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface ClientRecord {
  clientId: string;
  institutionId: string;
  name: string;
  scopes: string[];
  status: 'active' | 'disabled';
  createdBy: string;
  createdAt: Date;
}

interface ClientRow {
  client_id: string;
  institution_id: string;
  name: string;
  scopes: string[];
  status: 'active' | 'disabled';
  created_by: string;
  created_at: Date;
}

interface SecretRow {
  id: string;
  client_id: string;
  secret_hash: string;
  hint: string;
  created_at: Date;
  revoked_at: Date | null;
}

const toClient = (r: ClientRow): ClientRecord => ({
  clientId: r.client_id,
  institutionId: r.institution_id,
  name: r.name,
  scopes: r.scopes,
  status: r.status,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

const toSecret = (r: SecretRow): ClientSecretRecord => ({
  id: r.id,
  clientId: r.client_id,
  secretHash: r.secret_hash,
  hint: r.hint,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

export interface ClientCredentialStore {
  insertClient(tx: DbOrTrx, client: Omit<ClientRecord, 'clientId' | 'status'>): Promise<ClientRecord>;
  findClient(tx: DbOrTrx, clientId: string): Promise<ClientRecord | undefined>;
  /** Locks the client row for the rest of the transaction (serialises secret rotation). */
  lockClient(tx: DbOrTrx, clientId: string): Promise<ClientRecord | undefined>;
  listClients(tx: DbOrTrx, institutionId: string): Promise<ClientRecord[]>;
  insertSecret(tx: DbOrTrx, secret: Omit<ClientSecretRecord, 'id' | 'revokedAt'>): Promise<ClientSecretRecord>;
  liveSecrets(tx: DbOrTrx, clientIds: readonly string[]): Promise<ClientSecretRecord[]>;
  revokeSecret(tx: DbOrTrx, clientId: string, secretId: string, at: Date): Promise<boolean>;
  /** Whether the secret exists, is not revoked and belongs to an active client. */
  secretLive(tx: DbOrTrx, secretId: string): Promise<boolean>;
}

export const clientCredentialStore: ClientCredentialStore = {
  async insertClient(tx, c) {
    const [row] = (await tx('institution_clients')
      .insert({ institution_id: c.institutionId, name: c.name, scopes: c.scopes, created_by: c.createdBy, created_at: c.createdAt })
      .returning('*')) as ClientRow[];
    return toClient(row!);
  },
  async findClient(tx, clientId) {
    const row = (await tx('institution_clients').where({ client_id: clientId }).first()) as ClientRow | undefined;
    return row && toClient(row);
  },
  async lockClient(tx, clientId) {
    const row = (await tx('institution_clients').where({ client_id: clientId }).forUpdate().first()) as ClientRow | undefined;
    return row && toClient(row);
  },
  async listClients(tx, institutionId) {
    const rows = (await tx('institution_clients').where({ institution_id: institutionId }).orderBy('created_at')) as ClientRow[];
    return rows.map(toClient);
  },
  async insertSecret(tx, s) {
    const [row] = (await tx('institution_client_secrets')
      .insert({ client_id: s.clientId, secret_hash: s.secretHash, hint: s.hint, created_at: s.createdAt })
      .returning('*')) as SecretRow[];
    return toSecret(row!);
  },
  async liveSecrets(tx, clientIds) {
    if (clientIds.length === 0) return [];
    const rows = (await tx('institution_client_secrets')
      .whereIn('client_id', clientIds)
      .whereNull('revoked_at')
      .orderBy('created_at')) as SecretRow[];
    return rows.map(toSecret);
  },
  async revokeSecret(tx, clientId, secretId, at) {
    const updated = await tx('institution_client_secrets')
      .where({ id: secretId, client_id: clientId })
      .whereNull('revoked_at')
      .update({ revoked_at: at });
    return updated > 0;
  },
  async secretLive(tx, secretId) {
    if (!/^[0-9a-f-]{36}$/i.test(secretId)) return false;
    const row = (await tx('institution_client_secrets as s')
      .join('institution_clients as c', 'c.client_id', 's.client_id')
      .where({ 's.id': secretId, 'c.status': 'active' })
      .whereNull('s.revoked_at')
      .first('s.id')) as { id: string } | undefined;
    return row !== undefined;
  },
};
