/** Technical failures as the deliverers word them (adapters, webhooks, the egress guard), in the order tried. */
const FAILURES: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [/egress refused/i, () => '对方地址不被平台的出站访问策略允许'],
  [/did not answer within (\d+) ?ms/i, (m) => `对方系统 ${Math.ceil(Number(m[1]) / 1000)} 秒内未应答`],
  [/unreachable|fetch failed|ECONNREFUSED|ENOTFOUND|ECONNRESET|EAI_AGAIN/i, () => '无法连接对方系统'],
  [/return_code (\d+)/i, (m) => `对方系统拒绝办理（返回码 ${m[1]}）`],
  [/\b410\b/, () => '对方已停用该接收地址（状态 410）'],
  [/\b404\b/, () => '对方系统没有该接口（状态 404）'],
  [/answered (?:HTTP )?(\d{3})/i, (m) => `对方系统返回错误（状态 ${m[1]}）`],
  [/sign|nonce/i, () => '对方的应答未通过签名校验'],
  [/no adapter|no deliverer|no exchange adapter/i, () => '平台未配置该接收方的投递方式'],
  [/not writable|EACCES|EROFS|ENOSPC/i, () => '报送文件无法写入交换目录'],
  [/unexpected|lacks|not JSON/i, () => '对方的应答无法识别'],
];

/**
 * 最近错误 as the admin reads it. A deliverer's own Chinese message is shown as it is; a technical
 * one (`bank unreachable: TypeError: fetch failed`) is said in Chinese by its kind, and the page keeps
 * the original for the engineers on hover.
 */
export function failureText(lastError: string | null, unknown = '投递未成功（技术原因见提示）'): string {
  if (!lastError) return '';
  if (inWords(lastError)) return lastError;
  for (const [pattern, say] of FAILURES) {
    const m = pattern.exec(lastError);
    if (m) return say(m);
  }
  return unknown;
}

/** Chinese, with no word of the engineers' English (an HTTP status may stay). */
const inWords = (text: string): boolean => /[\u4e00-\u9fff]/.test(text) && !/[A-Za-z_]{3,}/.test(text.replace(/\bHTTP\b/g, ''));

/**
 * A stored 说明 that leads in Chinese and ends in what went wrong technically, as the national
 * feed and the provincial node record a failure (`第 2 次报送失败：GET /receipt: fetch failed`,
 * `生成失败：…`): the lead as it is, the rest said in Chinese by its kind; the page keeps the whole
 * text for the engineers on hover.
 */
export function reasonText(text: string | null): string {
  if (!text) return '';
  if (inWords(text)) return text;
  const at = text.indexOf('：');
  const lead = at > 0 ? text.slice(0, at) : '';
  if (!lead || !inWords(lead)) return failureText(text, '未成功（技术原因见提示）');
  return `${lead}：${failureText(text.slice(at + 1), '技术原因见提示')}`;
}
