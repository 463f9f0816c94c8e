import { runService } from '@lifecycle/runtime';
import { clockService } from './clock.service';

void runService(clockService);
