import { runService } from '@lifecycle/runtime';
import { workspaceGuardService } from './workspace-guard.service';

void runService(workspaceGuardService);
