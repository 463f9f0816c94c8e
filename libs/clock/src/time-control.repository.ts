import type { DataSource } from 'typeorm';
import type { ExclusiveLock } from './exclusive.lock';

// Any constant bigint shared by every clock replica on this database.
const TIME_CONTROL_LOCK_KEY = '7236485011902312';

/**
 * A PostgreSQL session advisory lock: requests that move simulated time take turns across replicas,
 * so two `advance 1d` answered by different replicas move time by two days. A replica that dies
 * holding it loses its session, and the lock with it.
 */
export class TimeControlRepository implements ExclusiveLock {
  constructor(private readonly dataSource: DataSource) {}

  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [TIME_CONTROL_LOCK_KEY]);
      try {
        return await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [TIME_CONTROL_LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }
}
