import type { Profile } from '../reference/profile.js';
import type { Config } from './config.js';
import type { Database } from './db/connection.js';

/** What every service works with: the database, the country profile and the configuration. */
export interface AppContext {
  readonly database: Database;
  readonly profile: Profile;
  readonly config: Config;
}
