import { api, unwrap } from './client';
import type { Schemas } from './schemas';

/** 企业注册 (`/api/v1/enterprises/registrations`). */
export function registerEnterprise(body: Schemas['RegistrationRequest']): Promise<Schemas['Enterprise']> {
  return unwrap(api.POST('/api/v1/enterprises/registrations', { body }));
}

/** 获取验证码 for the contact mobile (`/api/v1/enterprises/registrations/mobile-code`). */
export function sendRegistrationCode(body: Schemas['RegistrationCodeRequest']): Promise<Schemas['RegistrationCodeSent']> {
  return unwrap(api.POST('/api/v1/enterprises/registrations/mobile-code', { body }));
}

/** 企业人员 (`/api/v1/enterprise/staff`): the legal representative's management of the firm's accounts. */
export function listEnterpriseStaff(): Promise<Schemas['EnterpriseStaffList']> {
  return unwrap(api.GET('/api/v1/enterprise/staff'));
}

export function addEnterpriseStaff(body: Schemas['EnterpriseStaffRequest']): Promise<Schemas['EnterpriseStaffCreated']> {
  return unwrap(api.POST('/api/v1/enterprise/staff', { body }));
}

export function updateEnterpriseStaff(userId: string, body: Schemas['EnterpriseStaffUpdate']): Promise<Schemas['EnterpriseStaffMember']> {
  return unwrap(api.PATCH('/api/v1/enterprise/staff/{userId}', { params: { path: { userId } }, body }));
}
