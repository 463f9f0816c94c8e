import { runService } from '@lifecycle/runtime';
import { healthEnvSchema } from './health.env';
import { HealthModule } from './health.module';

void runService({ service: 'health', envSchema: healthEnvSchema, imports: () => [HealthModule] });
