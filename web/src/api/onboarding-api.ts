import { api, unwrap, unwrapNoContent } from './client';
import type { Schemas } from './schemas';

/** 机构管理 (maker-checker), 人员与邀请, 忘记密码 and the 开发收件箱 (`specs/paths/onboarding.yaml`). */
export function listInstitutionChanges(status?: 'pending' | 'approved' | 'rejected'): Promise<Schemas['InstitutionChangeList']> {
  return unwrap(api.GET('/api/v1/admin/institution-changes', { params: { query: status ? { status } : {} } }));
}

export function proposeInstitutionChange(body: Schemas['InstitutionChangeRequest']): Promise<Schemas['InstitutionChange']> {
  return unwrap(api.POST('/api/v1/admin/institution-changes', { body }));
}

export function approveInstitutionChange(changeId: string): Promise<Schemas['InstitutionChange']> {
  return unwrap(api.POST('/api/v1/admin/institution-changes/{changeId}/approve', { params: { path: { changeId } } }));
}

export function rejectInstitutionChange(changeId: string): Promise<Schemas['InstitutionChange']> {
  return unwrap(api.POST('/api/v1/admin/institution-changes/{changeId}/reject', { params: { path: { changeId } } }));
}

export function listPeople(institutionId: string): Promise<Schemas['PersonList']> {
  return unwrap(api.GET('/api/v1/institutions/{institutionId}/people', { params: { path: { institutionId } } }));
}

export function invitePerson(institutionId: string, body: Schemas['InvitationRequest']): Promise<Schemas['InvitationIssued']> {
  return unwrap(api.POST('/api/v1/institutions/{institutionId}/invitations', { params: { path: { institutionId } }, body }));
}

/** 待接受的邀请: the institution's links not yet accepted, expired or cancelled. */
export function listOpenInvitations(institutionId: string): Promise<Schemas['OpenInvitationList']> {
  return unwrap(api.GET('/api/v1/institutions/{institutionId}/invitations', { params: { path: { institutionId } } }));
}

/** 撤销邀请: the link is refused from then on and its username is free again. */
export function cancelInvitation(institutionId: string, invitationId: string): Promise<Schemas['CancelledInvitation']> {
  return unwrap(api.POST('/api/v1/institutions/{institutionId}/invitations/{invitationId}/cancel', { params: { path: { institutionId, invitationId } } }));
}

/** 待审核的平台管理员邀请 and their approval by another admin. */
export function listPendingAdminInvitations(): Promise<Schemas['PendingAdminInvitationList']> {
  return unwrap(api.GET('/api/v1/admin/admin-invitations'));
}

export function approveAdminInvitation(invitationId: string): Promise<void> {
  return unwrapNoContent(api.POST('/api/v1/admin/admin-invitations/{invitationId}/approve', { params: { path: { invitationId } } }));
}

export function setPersonStatus(userId: string, status: 'active' | 'disabled'): Promise<Schemas['Person']> {
  return unwrap(api.PATCH('/api/v1/people/{userId}/status', { params: { path: { userId } }, body: { status } }));
}

export function getInvitation(token: string): Promise<Schemas['InvitationPreview']> {
  return unwrap(api.GET('/api/v1/invitations/{token}', { params: { path: { token } } }));
}

export function acceptInvitation(token: string, password: string): Promise<Schemas['InvitationAccepted']> {
  return unwrap(api.POST('/api/v1/invitations/{token}/accept', { params: { path: { token } }, body: { password } }));
}

export function requestResetCode(body: Schemas['PasswordResetCodeRequest']): Promise<Schemas['PasswordResetCodeSent']> {
  return unwrap(api.POST('/api/v1/auth/password-reset/code', { body }));
}

export function resetPassword(body: Schemas['PasswordResetRequest']): Promise<void> {
  return unwrapNoContent(api.POST('/api/v1/auth/password-reset', { body }));
}

export function listDevSms(): Promise<Schemas['DevSmsList']> {
  return unwrap(api.GET('/api/v1/admin/dev/sms-messages'));
}

export { POSITION_LABELS } from '@/format/labels';

export const CHANGE_ACTION_LABELS: Record<Schemas['InstitutionChange']['action'], string> = {
  create: '新增机构',
  update: '修改信息',
  suspend: '停用',
  reinstate: '恢复启用',
};

export const CHANGE_STATUS_LABELS: Record<Schemas['InstitutionChange']['status'], string> = {
  pending: '待审核',
  approved: '已通过',
  rejected: '已驳回',
};

export const OPEN_INVITATION_STATE_LABELS: Record<Schemas['OpenInvitation']['state'], string> = {
  usable: '可使用',
  awaiting_approval: '待另一位管理员审核',
  inviter_disabled: '邀请人已停用，暂不可用',
};
