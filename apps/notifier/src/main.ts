import { runService } from '@lifecycle/runtime';
import { notifierEnvSchema } from './notifier.env';
import { NotifierModule } from './notifier.module';

void runService({ service: 'notifier', envSchema: notifierEnvSchema, imports: () => [NotifierModule] });
