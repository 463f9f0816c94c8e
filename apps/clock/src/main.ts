import { runService } from '@lifecycle/runtime';
import { clockEnvSchema } from './clock.env';
import { ClockModule } from './clock.module';

void runService({ service: 'clock', envSchema: clockEnvSchema, imports: () => [ClockModule] });
