import { CONFIG_VARIABLES } from './config';
import { GROUPS } from './variable';

const cell = (value: string) => value.replace(/\|/g, '\\|').replace(/\n/g, ' ');

const INTRO = `# Configuration

leadflow is configured by environment variables only, the same ones for every process (\`leadflow\`,
\`publisher\`, \`followups\`, \`query\` and the \`leadflow\` command line). Each process reads and checks
all of them at start: a bad value stops it with exit code 2 and one line per bad value on stderr,

\`\`\`
query: bad configuration: LEADFLOW_PORT="eighty": expected an integer from 0 to 65535
\`\`\`

A blank value counts as unset. Surrounding spaces are ignored.

\`\`\`sh
# The embedded default: one process, PGlite under ./.leadflow, the in-process bus, 127.0.0.1:8080.
pnpm start
# The full stack: streams in KurrentDB, tables in PostgreSQL, Kafka as the bus.
LEADFLOW_EVENTSTORE=kurrentdb ESDB_CONNECTION_STRING='esdb://127.0.0.1:2113?tls=false' \\
DATABASE_URL=postgres://leadflow:leadflow@127.0.0.1:5432/leadflow \\
LEADFLOW_BUS=kafka KAFKA_BROKERS=127.0.0.1:9092 pnpm start
\`\`\`

Rules across variables:

- \`LEADFLOW_EVENTSTORE=postgres\` needs \`DATABASE_URL\`; \`kurrentdb\` needs \`ESDB_CONNECTION_STRING\` and
  \`DATABASE_URL\` (the tables: write-side index, checkpoints, tasks index, read models).
- \`LEADFLOW_BUS=kafka\` needs \`KAFKA_BROKERS\`; the publisher and followups services need Kafka,
  and the query service needs \`postgres\` or \`kurrentdb\` (the embedded store belongs to one process).
- A \`LEADFLOW_HOST\` other than a loopback address needs \`LEADFLOW_API_TOKENS\`: leadflow refuses to run
  an open API on a network.
- Every process of one deployment must get the same event store, databases and bus (\`docker-compose.yml\`
  gives them one shared block).

Unknown variables: a \`LEADFLOW_*\` variable that leadflow does not read is reported at start as a warning
(\`<service>: warning: unknown configuration variable LEADFLOW_… is ignored\`) and the process goes on.
A typo is then visible in the first lines of the log, while a setting of a newer release does not stop an
older process during a rolling upgrade.

This page is generated from the definition in \`packages/config/src/config.ts\` by \`pnpm config:docs\`;
a unit test fails when it is out of date.
`;

/** A markdown table with its columns padded as prettier pads them (so `pnpm format` keeps the page as is). */
const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: ReadonlyArray<string>) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
};

/** The configuration page (docs/configuration.md), generated from the variable table. */
export const renderConfigDocs = (): string => {
  const sections = GROUPS.map((group) => {
    const rows = CONFIG_VARIABLES.filter((v) => v.group === group).map((v) => [
      `\`${v.name}\``,
      cell(v.defaultText),
      cell(v.allowed),
      cell(v.meaning),
    ]);
    return rows.length === 0
      ? ''
      : `\n## ${group}\n\n${table(['Variable', 'Default', 'Values', 'Meaning'], rows)}\n`;
  });
  return `${INTRO}${sections.join('')}`;
};
