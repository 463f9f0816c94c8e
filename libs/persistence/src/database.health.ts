import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** For /readyz: the database answers a trivial query within the timeout. */
@Injectable()
export class DatabaseHealth {
  readonly name = 'database';

  constructor(private readonly dataSource: DataSource) {}

  async isReady(timeoutMs = 2_000): Promise<boolean> {
    if (!this.dataSource.isInitialized) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const probe = this.dataSource.query('SELECT 1').then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([probe, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
