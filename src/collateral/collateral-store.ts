import type { DbOrTrx } from '../db/database.js';
import type { MovableRegistration } from './movable-collateral.js';

/** SQL for the 动产 registrations recorded on applications. */
export const collateralStore = {
  /** False when this 登记证明编号 is already recorded on the application (nothing written). */
  async insert(db: DbOrTrx, applicationId: string, r: MovableRegistration, recordedBy: string): Promise<boolean> {
    const rows = await db('movable_collateral_registrations')
      .insert({
        application_id: applicationId,
        kind: r.kind,
        registration_no: r.registrationNo,
        registered_on: r.registeredOn,
        term_months: r.termMonths,
        description: r.description,
        search_result: r.searchResult,
        search_note: r.searchNote,
        recorded_by: recordedBy,
      })
      .onConflict(['application_id', 'registration_no'])
      .ignore()
      .returning('id');
    return rows.length === 1;
  },

  async list(db: DbOrTrx, applicationId: string): Promise<MovableRegistration[]> {
    const rows = (await db('movable_collateral_registrations')
      .where({ application_id: applicationId })
      .orderBy('id')
      .select('kind', 'registration_no', db.raw("to_char(registered_on, 'YYYY-MM-DD') as registered_on"), 'term_months', 'description', 'search_result', 'search_note')) as {
      kind: MovableRegistration['kind'];
      registration_no: string;
      registered_on: string;
      term_months: number;
      description: string;
      search_result: MovableRegistration['searchResult'];
      search_note: string | null;
    }[];
    return rows.map((r) => ({
      kind: r.kind,
      registrationNo: r.registration_no,
      registeredOn: r.registered_on,
      termMonths: r.term_months,
      description: r.description,
      searchResult: r.search_result,
      searchNote: r.search_note,
    }));
  },
};

export type CollateralStore = typeof collateralStore;
