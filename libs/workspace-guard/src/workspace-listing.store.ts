import type { CompanyDecision } from './guard-decision.rule';
import type { GuardWorkspace } from './workspace-guard.store';

export interface ListedCompany {
  id: number;
  name: string;
  subdomain: string;
  status: string;
}

export interface ListedWorkspace extends GuardWorkspace {
  lastStartedAt: Date | null;
  lastStoppedAt: Date | null;
  /** Whether it ran when the guard suspended it; null when the guard holds no suspension for it. */
  wasRunning: boolean | null;
}

/** Read side of `lifecyclectl workspaces`; workspace-listing.repository.ts implements it. */
export interface WorkspaceListingStore {
  /** By id (digits) or subdomain. */
  company(reference: string): Promise<ListedCompany | null>;
  workspaces(companyId: number): Promise<ListedWorkspace[]>;
  decision(companyId: number): Promise<CompanyDecision | null>;
}
