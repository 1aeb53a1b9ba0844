import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cacheDir } from './paths';

/** The Apache Kafka release the local broker runs (see README: "Kafka without Docker"). */
export const KAFKA_VERSION = process.env.LEADFLOW_KAFKA_VERSION ?? '3.9.1';

// Kafka's published POM has no logging backend (the release tarball adds one): add reload4j for 3.x.
const pom = (version: string) => `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>leadflow.test</groupId><artifactId>kafka-local</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>${version}</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>1.7.36</version></dependency>
    <dependency><groupId>ch.qos.reload4j</groupId><artifactId>reload4j</artifactId><version>1.2.25</version></dependency>
  </dependencies>
</project>
`;

const COMPLETE_MARKER = '.complete';

/** The folder holding the broker's jars for a version; fetched with Maven on first use, then reused as is. */
export const ensureKafkaJars = (version = KAFKA_VERSION, log: (line: string) => void = () => {}): string => {
  const home = path.join(cacheDir, 'kafka', version);
  const libs = path.join(home, 'libs');
  if (existsSync(path.join(libs, COMPLETE_MARKER))) return libs;

  mkdirSync(home, { recursive: true });
  writeFileSync(path.join(home, 'pom.xml'), pom(version));
  const staging = path.join(home, 'libs.partial');
  rmSync(staging, { recursive: true, force: true });
  log(`fetching Apache Kafka ${version} jars with Maven into ${libs}`);
  const mvn = spawnSync(
    'mvn',
    [
      '-q',
      '-B',
      '-f',
      path.join(home, 'pom.xml'),
      'org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${staging}`,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (mvn.error || mvn.status !== 0) {
    throw new Error(
      `could not fetch the Kafka ${version} jars with Maven (${mvn.error?.message ?? `exit ${mvn.status}`}): ` +
        `${(mvn.stdout + mvn.stderr).slice(-2000)}\nInstall Java 17+ and Maven, or set KAFKA_BROKERS to a running broker.`,
    );
  }
  const bindings = readdirSync(staging).filter((f) => /^slf4j-(reload4j|log4j12|simple|jdk14)/.test(f));
  if (bindings.length !== 1)
    throw new Error(`expected one SLF4J binding in the Kafka jars, found: ${bindings.join(', ')}`);
  writeFileSync(path.join(staging, COMPLETE_MARKER), `${new Date().toISOString()}\n`);
  rmSync(libs, { recursive: true, force: true });
  renameSync(staging, libs);
  return libs;
};
