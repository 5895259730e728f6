import type Router from '@koa/router';
import { apiRouter } from '../../http/router.js';
import type { Context } from 'koa';
import { z } from 'zod';
import { CONSENT_PURPOSES } from '../../consents/consent.js';
import { gateCallerOf } from '../../consents/consent-gate.js';
import { namingParameter } from '../../consents/gate-denials.js';
import { requireRole } from '../../http/auth.js';
import type { components } from '../../http/generated/api.js';
import { usccField } from '../../http/field-schemas.js';
import { readRawBytes } from '../../http/raw-body.js';
import { parseInput } from '../../http/validate.js';
import { validationError } from '../../platform/errors.js';
import type { CreditReportMeta, IssuedReport } from './credit-report.js';
import type { ReportService } from './report-service.js';

type Schemas = components['schemas'];

/** A credit report is well under 1 MB; a copy to verify larger than this cannot be one. */
const MAX_VERIFY_BYTES = 5 * 1024 * 1024;

const reportId = z.object({ reportId: z.uuid({ error: '报告编号格式不正确' }) });
const code = z.object({ code: z.string({ error: '请填写报告验证码' }).trim().min(1, '请填写报告验证码').max(40, '验证码过长') });
const verifyQuery = z.object({ code: z.string().trim().max(40, '验证码过长').optional() });
const institutionParams = z.object({
  uscc: usccField(),
});
const institutionQuery = z.object({ purpose: z.enum(CONSENT_PURPOSES, { error: '请说明查询用途：loan_application、pre_credit 或 post_loan_monitoring' }) });

export function reportView(m: CreditReportMeta): Schemas['CreditReport'] {
  return {
    id: m.id,
    verificationCode: m.verificationCode,
    enterpriseName: m.enterpriseName,
    uscc: m.uscc,
    profileVersion: m.profileVersion,
    scopes: m.scopes,
    issuedTo: m.issuedTo,
    leftOutCount: m.leftOutCount,
    issuedAt: m.issuedAt.toISOString(),
    sm3: m.sm3,
    sizeBytes: m.sizeBytes,
  };
}

function sendPdf(ctx: Context, report: IssuedReport): void {
  ctx.set('Content-Disposition', `attachment; filename="credit-report-${report.meta.verificationCode}.pdf"`);
  ctx.set('X-Verification-Code', report.meta.verificationCode);
  ctx.set('Cache-Control', 'no-store');
  ctx.type = 'application/pdf';
  ctx.body = report.pdf;
}

/** 信用报告: the enterprise issues and downloads its own; anyone verifies a copy; institutions read through the consent gate. */
export function reportRoutes(reports: ReportService): Router[] {
  const own = apiRouter({ prefix: '/api/v1/me/credit-reports' });
  own.post('/', async (ctx) => {
    const principal = requireRole(ctx, 'enterprise');
    ctx.status = 201;
    ctx.body = reportView(await reports.issueOwn(principal.enterpriseId!));
  });
  own.get('/', async (ctx) => {
    const principal = requireRole(ctx, 'enterprise');
    ctx.body = { items: (await reports.listOwn(principal.enterpriseId!)).map(reportView) } satisfies Schemas['CreditReportList'];
  });
  own.get('/:reportId/pdf', async (ctx) => {
    const principal = requireRole(ctx, 'enterprise');
    const { reportId: id } = parseInput(reportId, ctx.params);
    sendPdf(ctx, await reports.ownPdf(principal.enterpriseId!, id));
  });

  const verify = apiRouter({ prefix: '/api/v1/public/credit-reports' });
  verify.get('/:code', async (ctx) => {
    const input = parseInput(code, ctx.params);
    const { id: _id, ...rest } = reportView(await reports.byCode(input.code));
    ctx.body = rest satisfies Schemas['PublicCreditReport'];
  });
  verify.post('/verifications', async (ctx) => {
    const query = parseInput(verifyQuery, ctx.query);
    if (!ctx.is('application/pdf', 'application/octet-stream')) {
      throw validationError('UNSUPPORTED_MEDIA_TYPE', '请上传信用报告的 PDF 文件', [{ field: 'body', code: 'pdf_required', message: '请上传 PDF 文件' }]);
    }
    const file = await readRawBytes(ctx.req, MAX_VERIFY_BYTES, ctx.ip);
    if (file.length === 0) throw validationError('EMPTY_FILE', '上传的文件为空', [{ field: 'body', code: 'empty', message: '上传的文件为空' }]);
    const result = await reports.verifyFile(file, query.code || undefined);
    const report = result.report ? (({ id: _id, ...rest }) => rest)(reportView(result.report)) : null;
    ctx.body = { match: result.match, sm3: result.sm3, report } satisfies Schemas['CreditReportVerification'];
  });

  const institution = apiRouter({ prefix: '/api/v1/institution/enterprises' });
  institution.get('/:uscc/credit-report', async (ctx) => {
    const principal = requireRole(ctx, 'bank_officer', 'guarantee_officer');
    const { uscc } = parseInput(institutionParams, ctx.params);
    const { purpose } = parseInput(institutionQuery, ctx.query);
    const caller = gateCallerOf(principal, principal.institutionId!, String(ctx.state.requestId));
    sendPdf(
      ctx,
      await reports.issueForInstitution(caller, uscc, purpose).catch((error: unknown) => {
        throw namingParameter(error);
      }),
    );
  });
  return [own, verify, institution];
}
