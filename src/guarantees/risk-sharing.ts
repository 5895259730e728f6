/**
 * 风险分担 (risk sharing) as data: a template is an ordered list of parties, each with a role and a
 * share in basis points (1/100 of a percent, so 40 % is 4000), the split of 追偿 recoveries (by
 * default the loss split) and the basis the shares apply to. All amounts are integer fen.
 */

/** Who carries a share: 国家融资担保基金, 省级再担保机构, 担保机构, 合作银行, 市县政府. */
export const RISK_PARTY_ROLES = ['national_fund', 'provincial_reguarantor', 'guarantor', 'bank', 'local_government'] as const;
export type RiskPartyRole = (typeof RISK_PARTY_ROLES)[number];

/**
 * The amount the shares apply to: the whole loan (贷款本金), or only the guaranteed part of it
 * (担保金额), the bank then bearing the unguaranteed rest on its own.
 */
export const RISK_BASES = ['loan_amount', 'guaranteed_amount'] as const;
export type RiskBasis = (typeof RISK_BASES)[number];

export const FULL_SHARE_BP = 10_000;

export interface RiskParty {
  role: RiskPartyRole;
  /** Chinese label shown to people, e.g. 省再担保集团. */
  label: string;
  shareBp: number;
  /** Set when this share is carried through another party, e.g. the national fund's half of the 再担保 40 %. */
  via?: RiskPartyRole;
}

export interface RiskTemplate {
  code: string;
  name: string;
  parties: RiskParty[];
  /** 追偿 split in the same party order; null means "by the loss split" (the Hubei 2021 rule). */
  recoveryShareBp: number[] | null;
  basis: RiskBasis;
  /** Where the split comes from, with its reliability tag (SRC / SRC-2 / INF). */
  source: string;
}

/** One party's part of an amount. */
export interface PartyAmount {
  role: RiskPartyRole;
  label: string;
  fen: bigint;
}

/**
 * Splits `totalFen` by `weights` (non-negative integers) with the largest-remainder method: each
 * part is the floor of its exact quota, and the fen left over go one each to the largest
 * remainders, ties to the earlier weight. The parts always sum to `totalFen`.
 */
export function allocateFen(totalFen: bigint, weights: readonly number[]): bigint[] {
  if (totalFen < 0n) throw new RangeError('allocateFen: negative total');
  const weightSum = BigInt(weights.reduce((sum, w) => sum + w, 0));
  if (weightSum <= 0n || weights.some((w) => !Number.isInteger(w) || w < 0)) throw new RangeError('allocateFen: weights must be non-negative integers, not all zero');
  const quotas = weights.map((w) => totalFen * BigInt(w));
  const parts = quotas.map((q) => q / weightSum);
  let left = totalFen - parts.reduce((sum, p) => sum + p, 0n);
  const order = quotas
    .map((q, index) => ({ index, remainder: q % weightSum }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of order) {
    if (left === 0n) break;
    parts[index]! += 1n;
    left -= 1n;
  }
  return parts;
}

const sumFen = (parts: readonly PartyAmount[]) => parts.reduce((sum, p) => sum + p.fen, 0n);

/**
 * Each party's share of a loss (代偿 of a defaulted loan). With basis `loan_amount` the template
 * splits the whole loss; with `guaranteed_amount` it splits the guaranteed part
 * (`guaranteedShareBp` of the loss, rounded half up to the fen) and the bank also bears the rest.
 * The result always sums to `lossFen`.
 */
export function splitLoss(template: RiskTemplate, lossFen: bigint, guaranteedShareBp: number): PartyAmount[] {
  return split(template, template.parties.map((p) => p.shareBp), lossFen, guaranteedShareBp);
}

/** Each party's part of a 追偿 recovery, by the recovery split (the loss split when none is set). */
export function splitRecovery(template: RiskTemplate, recoveredFen: bigint, guaranteedShareBp: number): PartyAmount[] {
  return split(template, template.recoveryShareBp ?? template.parties.map((p) => p.shareBp), recoveredFen, guaranteedShareBp);
}

function split(template: RiskTemplate, weights: readonly number[], totalFen: bigint, guaranteedShareBp: number): PartyAmount[] {
  const covered = template.basis === 'loan_amount' ? totalFen : (totalFen * BigInt(guaranteedShareBp) + 5_000n) / 10_000n;
  const fen = allocateFen(covered, weights);
  const parts = template.parties.map((p, i) => ({ role: p.role, label: p.label, fen: fen[i]! }));
  const outside = totalFen - sumFen(parts);
  if (outside === 0n) return parts;
  const bank = parts.find((p) => p.role === 'bank');
  if (bank) bank.fen += outside;
  else parts.push({ role: 'bank', label: '合作银行（未担保部分）', fen: outside });
  return parts;
}

/** The share of the whole loan a party bears, in basis points (exact for the bank under either basis). */
export function effectiveLoanShareBp(template: RiskTemplate, role: RiskPartyRole, guaranteedShareBp: number): number {
  const own = template.parties.filter((p) => p.role === role).reduce((sum, p) => sum + p.shareBp, 0);
  if (template.basis === 'loan_amount') return own;
  const ofGuaranteed = (own * guaranteedShareBp) / FULL_SHARE_BP;
  return role === 'bank' ? ofGuaranteed + (FULL_SHARE_BP - guaranteedShareBp) : ofGuaranteed;
}
