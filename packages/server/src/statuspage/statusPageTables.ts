// The status page area's tables: which commons publish a public status page, and the updates operators
// post to their incidents.

export interface StatusPagesTable {
  commons_id: string;
  org_id: string;
  org_slug: string;
  commons_name: string;
  /** 1: published; 0: off (answers 404 like a commons that does not exist). */
  enabled: number;
  title: string | null;
  updated_by: string;
  updated_at: string;
}

export type IncidentUpdateStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved';

export interface StatusPageUpdatesTable {
  id: string;
  org_id: string;
  commons_id: string;
  incident_id: string;
  status: IncidentUpdateStatus;
  message: string;
  posted_by: string;
  posted_at: string;
}

export interface StatusPageTables {
  status_pages: StatusPagesTable;
  status_page_updates: StatusPageUpdatesTable;
}
