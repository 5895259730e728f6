/** Why a profile version was built, as the enterprise reads it (the service's reason codes). */
export function describeReason(reason: string): string {
  if (reason === 'first_read') return '首次查看时生成';
  if (reason === 'records_changed') return '数据更新后重新生成';
  if (reason === 'no_data') return '尚无部门报送的数据';
  if (reason === 'objection_filed') return '提出异议后重新生成';
  if (reason === 'objection_closed') return '异议办结后重新生成';
  if (reason === 'self_reported') return '自愿填报信息变更后重新生成';
  if (reason === 'third_party') return '第三方数据更新后重新生成';
  // A repair or withdrawal notice: "repair:<notice number>".
  const colon = reason.indexOf(':');
  const kind = colon < 0 ? reason : reason.slice(0, colon);
  const noticeNo = reason.slice(colon + 1);
  if (kind === 'repair') return `信用修复（${noticeNo}）后重新生成`;
  if (kind === 'withdrawal') return `信息撤销（${noticeNo}）后重新生成`;
  return '重新生成';
}
