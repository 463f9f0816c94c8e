import { PlatformTables1767225600000 } from './1767225600000-platform-tables';
import { LifecycleColumns1767225660000 } from './1767225660000-lifecycle-columns';
import { OwnTables1767225720000 } from './1767225720000-own-tables';

export const MIGRATIONS = [PlatformTables1767225600000, LifecycleColumns1767225660000, OwnTables1767225720000];

/** Not TypeORM's default `migrations`: the database is shared with the platform, so the name says whose it is. */
export const MIGRATIONS_TABLE = 'lifecycle_migrations';
