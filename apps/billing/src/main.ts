import { runService } from '@lifecycle/runtime';
import { billingService } from './billing.service';

void runService(billingService);
