// Placeholder: replaced by the real infrastructure resolution (Kafka, PostgreSQL, KurrentDB).
export default async function globalSetup(): Promise<void> {
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
}
