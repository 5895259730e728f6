import type { DbOrTrx } from '../db/database.js';
import type { IssuedLetter } from './guarantee-letter.js';

interface Row {
  guarantee_id: string;
  letter_no: string;
  pdf: Buffer;
  sm3: string;
  issued_at: Date;
}

const toLetter = (r: Row): IssuedLetter => ({ guaranteeId: r.guarantee_id, letterNo: r.letter_no, pdf: Buffer.from(r.pdf), sm3: r.sm3, issuedAt: r.issued_at });

/** SQL for issued guarantee letters. */
export const guaranteeLetterStore = {
  async find(db: DbOrTrx, guaranteeId: string): Promise<IssuedLetter | undefined> {
    const row = (await db('guarantee_letters').where({ guarantee_id: guaranteeId }).first()) as Row | undefined;
    return row && toLetter(row);
  },

  /** Stores the letter unless one is stored already (the first issue wins; both have the same bytes). */
  async insert(db: DbOrTrx, l: IssuedLetter): Promise<void> {
    await db('guarantee_letters')
      .insert({ guarantee_id: l.guaranteeId, letter_no: l.letterNo, pdf: l.pdf, sm3: l.sm3, size_bytes: l.pdf.length, issued_at: l.issuedAt })
      .onConflict('guarantee_id')
      .ignore();
  },
};

export type GuaranteeLetterStore = typeof guaranteeLetterStore;
