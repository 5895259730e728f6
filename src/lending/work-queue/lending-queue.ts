/** One application as a to-do entry: the applicant's name and when it last moved. */
export interface QueueEntry {
  applicationId: string;
  enterpriseName: string;
  status: string;
  since: Date;
}

/** The full count of a queue and its first entries. */
export interface QueueList {
  total: number;
  entries: QueueEntry[];
}
