import { runService } from '@lifecycle/runtime';
import { notifierService } from './notifier.service';

void runService(notifierService);
