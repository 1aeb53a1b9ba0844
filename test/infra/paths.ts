import path from 'node:path';

/** The repository root (this file lives in test/infra). */
export const repoRoot = path.resolve(__dirname, '../..');

/** Git-ignored cache for downloaded artifacts (Kafka jars). */
export const cacheDir = path.join(repoRoot, '.cache');
