import { runService } from '@lifecycle/runtime';
import { workspaceGuardEnvSchema } from './workspace-guard.env';
import { WorkspaceGuardModule } from './workspace-guard.module';

void runService({ service: 'workspace-guard', envSchema: workspaceGuardEnvSchema, imports: () => [WorkspaceGuardModule] });
