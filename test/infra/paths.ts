import path from 'node:path';

/** The repository root (this file lives in test/infra). */
export const repoRoot = path.resolve(__dirname, '../..');

/** The shared folder beside the checkout (SPEC.md, samples). */
export const sharedDir = path.resolve(repoRoot, '../shared');

/** Git-ignored cache for downloaded artifacts (Kafka jars). */
export const cacheDir = path.join(repoRoot, '.cache');
