import { createLogger } from './logger';

/** A destination that keeps what the logger wrote, one entry per line. */
const capture = () => {
  const lines: string[] = [];
  return {
    lines,
    destination: { write: (chunk: string) => void lines.push(...chunk.split('\n').filter((l) => l !== '')) },
  };
};

const isJson = (line: string): boolean => {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
};

describe('createLogger', () => {
  it('writes JSON lines, personal fields redacted, when not pretty', () => {
    // Given a logger for a collector (not a terminal)
    const out = capture();
    const logger = createLogger('svc', 'info', { pretty: false, destination: out.destination });
    // When it logs a lead's customer and an email
    logger.info({ leadId: 'lead-7', email: 'ada@contoso.com', lead: { phone: '+4930111' } }, 'lead accepted');
    // Then one JSON line with the censored fields and the rest intact
    expect(out.lines).toHaveLength(1);
    const entry = JSON.parse(out.lines[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({
      msg: 'lead accepted',
      service: 'svc',
      leadId: 'lead-7',
      email: '[redacted]',
      lead: { phone: '[redacted]' },
    });
    expect(out.lines[0]).not.toContain('ada@contoso.com');
  });

  it('writes readable lines, still redacted, when pretty', () => {
    // Given a logger for a terminal
    const out = capture();
    const logger = createLogger('svc', 'info', { pretty: true, destination: out.destination });
    // When it logs the same personal data and a warning
    logger.info({ leadId: 'lead-7', email: 'ada@contoso.com', lead: { phone: '+4930111' } }, 'lead accepted');
    logger.warn('broker slow');
    // Then the lines are not JSON, carry level, logger name and message, and no personal data
    const text = out.lines.join('\n');
    expect(out.lines.length).toBeGreaterThanOrEqual(2);
    expect(out.lines.some(isJson)).toBe(false);
    expect(text).toMatch(/INFO.*\(svc\).*lead accepted/);
    expect(text).toMatch(/WARN.*broker slow/);
    expect(text).toContain('lead-7');
    expect(text).toContain('[redacted]');
    expect(text).not.toContain('ada@contoso.com');
    expect(text).not.toContain('+4930111');
  });

  it('respects the level on the pretty path', () => {
    const out = capture();
    const logger = createLogger('svc', 'warn', { pretty: true, destination: out.destination });
    logger.info('not shown');
    expect(out.lines).toEqual([]);
  });
});
