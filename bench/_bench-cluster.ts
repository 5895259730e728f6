import knexFactory from 'knex';
import { findPostgresBinDir, startCluster, type Cluster } from '../test/setup/postgres-cluster.js';

export interface BenchCluster {
  cluster: Cluster;
  /** The cluster's empty database `bench`. */
  url: string;
  /** The PostgreSQL binaries' folder (psql for a baseline's `\copy`). */
  binDir: string;
}

/**
 * A throwaway PostgreSQL cluster with an empty database `bench`; the caller stops the cluster.
 * Without the server binaries it says so and exits with 2. `options`: further server settings.
 */
export async function benchCluster(bench: string, options: readonly string[] = []): Promise<BenchCluster> {
  const binDir = findPostgresBinDir();
  if (!binDir) {
    console.error(`bench/${bench} needs the PostgreSQL server binaries (apt-get install -y postgresql)`);
    process.exit(2);
  }
  const cluster = await startCluster(binDir, options);
  try {
    const admin = knexFactory({ client: 'pg', connection: cluster.url, pool: { min: 0, max: 1 } });
    await admin.raw('create database bench');
    await admin.destroy();
  } catch (error) {
    cluster.stop();
    throw error;
  }
  const url = new URL(cluster.url);
  url.pathname = '/bench';
  return { cluster, url: url.toString(), binDir };
}
