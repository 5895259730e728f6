import type { Knex } from 'knex';
import * as createReferenceTables from './20261125000100_create_reference_tables.js';
import * as createEnterprisesAndUsers from './20261125000200_create_enterprises_and_users.js';
import * as createOutboxAndJobRuns from './20261125000300_create_outbox_and_job_runs.js';
import * as createConsents from './20261125001100_create_consents.js';
import * as createCreditRecords from './20261125002100_create_credit_records.js';
import * as createCreditProfiles from './20261125002200_create_credit_profiles.js';
import * as createCreditRecordHistory from './20261125002300_create_credit_record_history.js';
import * as createLending from './20261125003100_create_lending.js';
import * as rebuildProfilesWithSeries from './20261125004100_rebuild_profiles_with_series.js';
import * as createTaxPaymentRecords from './20261125005100_create_tax_payment_records.js';
import * as splitCreditProfileSections from './20261125006100_split_credit_profile_sections.js';
import * as narrowTaxPaymentRecords from './20261125007100_narrow_tax_payment_records.js';
import * as createIdempotencyKeys from './20261125008100_create_idempotency_keys.js';
import * as clientActorOnApplicationEvents from './20261205010100_client_actor_on_application_events.js';
import * as batchHeartbeatAndSourceCategories from './20261205020100_batch_heartbeat_and_source_categories.js';
import * as createRefreshTokens from './20261205040100_create_refresh_tokens.js';
import * as createPrecredit from './20261205070100_create_precredit.js';
import * as createNationalFeed from './20261205080100_create_national_feed.js';
import * as createOversight from './20261205090100_create_oversight.js';
import * as createOversightAlerts from './20261205100100_create_oversight_alerts.js';
import * as indexActiveGrantsByGrantee from './20261205110100_index_active_grants_by_grantee.js';
import * as precreditResultsStatementReferenceCheck from './20261205110200_precredit_results_statement_reference_check.js';
import * as rebuildProfilesWithThirdParty from './20261205120100_rebuild_profiles_with_third_party.js';
import * as onboarding from './20261205130100_onboarding.js';
import * as createBankConnections from './20261205140100_create_bank_connections.js';
import * as createGuarantees from './20261205150100_create_guarantees.js';
import * as guaranteeApplicationStates from './20261205150110_guarantee_application_states.js';
import * as createGuaranteeCompensations from './20261205150120_create_guarantee_compensations.js';
import * as createMovableCollateral from './20261205150130_create_movable_collateral.js';
import * as createCreditReports from './20261205160100_create_credit_reports.js';
import * as createCreditObjections from './20261205160101_create_credit_objections.js';
import * as createSelfReported from './20261205160102_create_self_reported.js';
import * as consentChoice from './20261205170100_consent_choice.js';
import * as enterpriseStaffAndOperator from './20261205180100_enterprise_staff_and_operator.js';
import * as creditCommitments from './20261205190100_create_credit_commitments.js';
import * as creditZones from './20261205190101_create_credit_zones.js';
import * as knowledgeAndQa from './20261205190102_create_knowledge_and_qa.js';
import * as oversightAlertsForBanks from './20261205200100_oversight_alerts_for_banks.js';
import * as createGuaranteeLetters from './20261205210100_create_guarantee_letters.js';
import * as createRealEstateMortgages from './20261205210110_create_real_estate_mortgages.js';
import * as applicationStartupLoan from './20261205210120_application_startup_loan.js';
import * as oversightRndCoverage from './20261205220100_oversight_rnd_coverage.js';
import * as createNotifications from './20261206010100_create_notifications.js';
import * as lendingDialogue from './20261206020000_lending_dialogue.js';
import * as guaranteeRelease from './20261206040100_guarantee_release.js';
import * as registryNoticeReceipts from './20261206040200_registry_notice_receipts.js';
import * as techListsCategory from './20261206050100_tech_lists_category.js';
import * as creditProfilesStaleByMarkTime from './20261206060100_credit_profiles_stale_by_mark_time.js';
import * as outboxRequestId from './20261206070100_outbox_request_id.js';
import * as assignmentBranchIds from './20261206090100_assignment_branch_ids.js';
import * as typedRecordTables from './20261207110100_typed_record_tables.js';
import * as partitionByMonth from './20261207140100_partition_by_month.js';
import * as indexStaffUsers from './20261207150100_index_staff_users.js';
import * as profileVersionUsedRecords from './20261208110100_profile_version_used_records.js';
import * as partitionRecordTables from './20261209100100_partition_record_tables.js';
import * as precreditGeneratedSamples from './20261210090100_precredit_generated_samples.js';
import * as nationalFeedBuildProgress from './20261211090100_national_feed_build_progress.js';
import * as guaranteeFeePayments from './20261212090100_guarantee_fee_payments.js';
import * as precreditRunHeartbeat from './20261212090200_precredit_run_heartbeat.js';
import * as profileRebuildFailures from './20261212100100_profile_rebuild_failures.js';
import * as oneOpenApplicationPerProduct from './20261213090100_one_open_application_per_product.js';
import * as oneOpenDemandPerEnterprise from './20261213090200_one_open_demand_per_enterprise.js';
import * as oneCurrentSelfReportedItem from './20261213090300_one_current_self_reported_item.js';
import * as oversightBankExchangesWithTests from './20261215090100_oversight_bank_exchanges_with_tests.js';
import * as submittedWhenTheBankReceived from './20261218090100_submitted_when_the_bank_received.js';
import * as caseFilesPerReader from './20261219090100_case_files_per_reader.js';
import * as createConsentRefusedReads from './20261219100100_create_consent_refused_reads.js';
import * as smsCodesClientIp from './20261219110100_sms_codes_client_ip.js';
import * as commitmentCheckClaim from './20261219110200_commitment_check_claim.js';
import * as profileSectionsAsJson from './20261219120100_profile_sections_as_json.js';
import * as partitionConsentRefusedReads from './20261219130100_partition_consent_refused_reads.js';
import * as refusedReadsByInstitution from './20261219140100_refused_reads_by_institution.js';
import * as bankCallbackRejectionsByBank from './20261219140200_bank_callback_rejections_by_bank.js';
import * as usernameConflicts from './20261219140300_username_conflicts.js';
import * as firstLoansCountFirms from './20261219160100_first_loans_count_firms.js';
import * as loanProductReturns from './20261219180100_loan_product_returns.js';
import * as enterpriseCreations from './20261220100100_enterprise_creations.js';
import * as institutionSetupSteps from './20261220130100_institution_setup_steps.js';
import * as loanProductRevisions from './20261221100100_loan_product_revisions.js';
import * as institutionWebhookPreviousSecret from './20261221110000_institution_webhook_previous_secret.js';
import * as loanProductReviews from './20261221140100_loan_product_reviews.js';
import * as webhookTestEventsIndex from './20261222200000_webhook_test_events_index.js';
import * as jobRunsRequestedBy from './20261222400100_job_runs_requested_by.js';
import * as applicationGrantBackfill from './20261222400200_application_grant_backfill.js';
import * as idempotencyBodyAsSent from './20261222400300_idempotency_body_as_sent.js';
import * as institutionCreations from './20261222500000_institution_creations.js';
import * as jobRunsHeartbeat from './20261223000100_job_runs_heartbeat.js';
import * as idempotencyApplied from './20261223200000_idempotency_applied.js';
import * as invitationCancellation from './20261224000100_invitation_cancellation.js';
import * as precreditModelRevision from './20261224100000_precredit_model_revision.js';
import * as notificationSmsIndex from './20261224100100_notification_sms_index.js';

/**
 * Static migration list. knex's directory loader cannot import `.ts` under vitest, so every
 * runner (server, tests, knex CLI) uses this source; names stay `*.ts` everywhere.
 * Migrations run in the order of this list, which is timestamp order (src/db/migrate.test.ts
 * checks it against the folder): name a new one with the current UTC time, append it, and never
 * edit one that has shipped (docs/architecture.md, "Migrations").
 */
const migrations: Record<string, Knex.Migration> = {
  '20261125000100_create_reference_tables.ts': createReferenceTables,
  '20261125000200_create_enterprises_and_users.ts': createEnterprisesAndUsers,
  '20261125000300_create_outbox_and_job_runs.ts': createOutboxAndJobRuns,
  '20261125001100_create_consents.ts': createConsents,
  '20261125002100_create_credit_records.ts': createCreditRecords,
  '20261125002200_create_credit_profiles.ts': createCreditProfiles,
  '20261125002300_create_credit_record_history.ts': createCreditRecordHistory,
  '20261125003100_create_lending.ts': createLending,
  '20261125004100_rebuild_profiles_with_series.ts': rebuildProfilesWithSeries,
  '20261125005100_create_tax_payment_records.ts': createTaxPaymentRecords,
  '20261125006100_split_credit_profile_sections.ts': splitCreditProfileSections,
  '20261125007100_narrow_tax_payment_records.ts': narrowTaxPaymentRecords,
  '20261125008100_create_idempotency_keys.ts': createIdempotencyKeys,
  '20261205010100_client_actor_on_application_events.ts': clientActorOnApplicationEvents,
  '20261205020100_batch_heartbeat_and_source_categories.ts': batchHeartbeatAndSourceCategories,
  '20261205040100_create_refresh_tokens.ts': createRefreshTokens,
  '20261205070100_create_precredit.ts': createPrecredit,
  '20261205080100_create_national_feed.ts': createNationalFeed,
  '20261205090100_create_oversight.ts': createOversight,
  '20261205100100_create_oversight_alerts.ts': createOversightAlerts,
  '20261205110100_index_active_grants_by_grantee.ts': indexActiveGrantsByGrantee,
  '20261205110200_precredit_results_statement_reference_check.ts': precreditResultsStatementReferenceCheck,
  '20261205120100_rebuild_profiles_with_third_party.ts': rebuildProfilesWithThirdParty,
  '20261205130100_onboarding.ts': onboarding,
  '20261205140100_create_bank_connections.ts': createBankConnections,
  '20261205150100_create_guarantees.ts': createGuarantees,
  '20261205150110_guarantee_application_states.ts': guaranteeApplicationStates,
  '20261205150120_create_guarantee_compensations.ts': createGuaranteeCompensations,
  '20261205150130_create_movable_collateral.ts': createMovableCollateral,
  '20261205160100_create_credit_reports.ts': createCreditReports,
  '20261205160101_create_credit_objections.ts': createCreditObjections,
  '20261205160102_create_self_reported.ts': createSelfReported,
  '20261205170100_consent_choice.ts': consentChoice,
  '20261205180100_enterprise_staff_and_operator.ts': enterpriseStaffAndOperator,
  '20261205190100_create_credit_commitments.ts': creditCommitments,
  '20261205190101_create_credit_zones.ts': creditZones,
  '20261205190102_create_knowledge_and_qa.ts': knowledgeAndQa,
  '20261205200100_oversight_alerts_for_banks.ts': oversightAlertsForBanks,
  '20261205210100_create_guarantee_letters.ts': createGuaranteeLetters,
  '20261205210110_create_real_estate_mortgages.ts': createRealEstateMortgages,
  '20261205210120_application_startup_loan.ts': applicationStartupLoan,
  '20261205220100_oversight_rnd_coverage.ts': oversightRndCoverage,
  '20261206010100_create_notifications.ts': createNotifications,
  '20261206020000_lending_dialogue.ts': lendingDialogue,
  '20261206040100_guarantee_release.ts': guaranteeRelease,
  '20261206040200_registry_notice_receipts.ts': registryNoticeReceipts,
  '20261206050100_tech_lists_category.ts': techListsCategory,
  '20261206060100_credit_profiles_stale_by_mark_time.ts': creditProfilesStaleByMarkTime,
  '20261206070100_outbox_request_id.ts': outboxRequestId,
  '20261206090100_assignment_branch_ids.ts': assignmentBranchIds,
  '20261207110100_typed_record_tables.ts': typedRecordTables,
  '20261207140100_partition_by_month.ts': partitionByMonth,
  '20261207150100_index_staff_users.ts': indexStaffUsers,
  '20261208110100_profile_version_used_records.ts': profileVersionUsedRecords,
  '20261209100100_partition_record_tables.ts': partitionRecordTables,
  '20261210090100_precredit_generated_samples.ts': precreditGeneratedSamples,
  '20261211090100_national_feed_build_progress.ts': nationalFeedBuildProgress,
  '20261212090100_guarantee_fee_payments.ts': guaranteeFeePayments,
  '20261212090200_precredit_run_heartbeat.ts': precreditRunHeartbeat,
  '20261212100100_profile_rebuild_failures.ts': profileRebuildFailures,
  '20261213090100_one_open_application_per_product.ts': oneOpenApplicationPerProduct,
  '20261213090200_one_open_demand_per_enterprise.ts': oneOpenDemandPerEnterprise,
  '20261213090300_one_current_self_reported_item.ts': oneCurrentSelfReportedItem,
  '20261215090100_oversight_bank_exchanges_with_tests.ts': oversightBankExchangesWithTests,
  '20261218090100_submitted_when_the_bank_received.ts': submittedWhenTheBankReceived,
  '20261219090100_case_files_per_reader.ts': caseFilesPerReader,
  '20261219100100_create_consent_refused_reads.ts': createConsentRefusedReads,
  '20261219110100_sms_codes_client_ip.ts': smsCodesClientIp,
  '20261219110200_commitment_check_claim.ts': commitmentCheckClaim,
  '20261219120100_profile_sections_as_json.ts': profileSectionsAsJson,
  '20261219130100_partition_consent_refused_reads.ts': partitionConsentRefusedReads,
  '20261219140100_refused_reads_by_institution.ts': refusedReadsByInstitution,
  '20261219140200_bank_callback_rejections_by_bank.ts': bankCallbackRejectionsByBank,
  '20261219140300_username_conflicts.ts': usernameConflicts,
  '20261219160100_first_loans_count_firms.ts': firstLoansCountFirms,
  '20261219180100_loan_product_returns.ts': loanProductReturns,
  '20261220100100_enterprise_creations.ts': enterpriseCreations,
  '20261220130100_institution_setup_steps.ts': institutionSetupSteps,
  '20261221100100_loan_product_revisions.ts': loanProductRevisions,
  '20261221110000_institution_webhook_previous_secret.ts': institutionWebhookPreviousSecret,
  '20261221140100_loan_product_reviews.ts': loanProductReviews,
  '20261222200000_webhook_test_events_index.ts': webhookTestEventsIndex,
  '20261222400100_job_runs_requested_by.ts': jobRunsRequestedBy,
  '20261222400200_application_grant_backfill.ts': applicationGrantBackfill,
  '20261222400300_idempotency_body_as_sent.ts': idempotencyBodyAsSent,
  '20261222500000_institution_creations.ts': institutionCreations,
  '20261223000100_job_runs_heartbeat.ts': jobRunsHeartbeat,
  '20261223200000_idempotency_applied.ts': idempotencyApplied,
  '20261224000100_invitation_cancellation.ts': invitationCancellation,
  '20261224100000_precredit_model_revision.ts': precreditModelRevision,
  '20261224100100_notification_sms_index.ts': notificationSmsIndex,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const migration = migrations[name];
    if (!migration) throw new Error(`Unknown migration ${name}`);
    return migration;
  },
};
