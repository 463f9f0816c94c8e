import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createDataSource } from './data-source.factory';
import { DatabaseHealth } from './database.health';
import { ProcessedMessageRepository } from './processed-message.repository';
import { assertSchemaMigrated } from './schema-check';

/** The database did not accept a connection; names the server and the variable, as a bad value would. */
export class DatabaseUnreachableError extends Error {
  constructor(url: string, cause: unknown) {
    const u = new URL(url);
    const where = `${u.hostname}:${u.port || 5432}${u.pathname} as ${decodeURIComponent(u.username) || '(default user)'}`;
    super(`cannot connect to PostgreSQL at ${where} (DATABASE_URL): ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'DatabaseUnreachableError';
  }
}

export interface PersistenceModuleOptions {
  url: string;
  poolSize?: number;
  applicationName: string;
}

@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  // The last shutdown phase: relays and consumers have stopped in onModuleDestroy/beforeApplicationShutdown.
  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** Provides the initialized `DataSource` (typeorm's class is the token), `DatabaseHealth` and `ProcessedMessageRepository`. */
@Module({})
export class PersistenceModule {
  static forRoot(options: PersistenceModuleOptions): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      providers: [
        {
          provide: DataSource,
          useFactory: async () => {
            const dataSource = createDataSource(options.url, { poolSize: options.poolSize, applicationName: options.applicationName });
            await dataSource.initialize().catch((error: unknown) => {
              throw new DatabaseUnreachableError(options.url, error);
            });
            try {
              await assertSchemaMigrated(dataSource);
            } catch (error) {
              await dataSource.destroy();
              throw error;
            }
            return dataSource;
          },
        },
        DataSourceCloser,
        DatabaseHealth,
        ProcessedMessageRepository,
      ],
      exports: [DataSource, DatabaseHealth, ProcessedMessageRepository],
    };
  }
}
