/** 开始使用: the workbench's first steps of a newly onboarded institution (web/src/components/getting-started.ts). */
export const SETUP_STEPS = ['people', 'bank-access', 'guarantee-access', 'loan-product', 'guarantee-product', 'first-batch'] as const;
export type SetupStep = (typeof SETUP_STEPS)[number];
