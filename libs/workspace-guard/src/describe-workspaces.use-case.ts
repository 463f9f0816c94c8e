import type { WorkspaceDriverName } from '@lifecycle/contracts';
import type { CompanyDecision } from './guard-decision.rule';
import type { WorkspaceDriver } from './workspace-driver.port';
import type { ListedCompany, ListedWorkspace, WorkspaceListingStore } from './workspace-listing.store';

export class UnknownCompanyError extends Error {
  constructor(readonly reference: string) {
    super(`no company with id or subdomain "${reference}"`);
    this.name = 'UnknownCompanyError';
  }
}

export interface DescribedWorkspace extends ListedWorkspace {
  /** Unit or container name; null when it cannot be built (invalid linux_username). */
  target: string | null;
  /** The driver's view: running, stopped, unknown; null when the driver cannot tell (database). */
  runtime: string | null;
  /** Why the runtime could not be read. */
  runtimeError?: string;
}

export interface CompanyWorkspaces {
  company: ListedCompany;
  driver: WorkspaceDriverName;
  decision: CompanyDecision | null;
  workspaces: DescribedWorkspace[];
}

/** `lifecyclectl workspaces <company>`: the database's view of each workspace, and the driver's where it can tell. */
export class DescribeWorkspaces {
  constructor(
    private readonly store: WorkspaceListingStore,
    private readonly driver: WorkspaceDriver,
  ) {}

  async execute(reference: string): Promise<CompanyWorkspaces> {
    const company = await this.store.company(reference);
    if (!company) throw new UnknownCompanyError(reference);
    const [decision, rows] = await Promise.all([this.store.decision(company.id), this.store.workspaces(company.id)]);
    const workspaces = await Promise.all(rows.map((row) => this.describe(row)));
    return { company, driver: this.driver.name, decision, workspaces };
  }

  private async describe(workspace: ListedWorkspace): Promise<DescribedWorkspace> {
    let target: string | null = null;
    try {
      target = this.driver.target(workspace);
      if (!this.driver.observesRuntime) return { ...workspace, target, runtime: null };
      return { ...workspace, target, runtime: await this.driver.state(workspace) };
    } catch (error) {
      return { ...workspace, target, runtime: 'error', runtimeError: error instanceof Error ? error.message : String(error) };
    }
  }
}
