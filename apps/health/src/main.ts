import { runService } from '@lifecycle/runtime';
import { healthService } from './health.service';

void runService(healthService);
