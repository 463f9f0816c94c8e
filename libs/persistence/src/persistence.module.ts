import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createDataSource } from './data-source.factory';
import { DatabaseHealth } from './database.health';
import { ProcessedMessageRepository } from './processed-message.repository';
import { assertSchemaMigrated } from './schema-check';

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
            await dataSource.initialize();
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
