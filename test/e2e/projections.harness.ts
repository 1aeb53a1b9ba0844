/** The projection's entry of `/readyz`. */
interface ProjectionCheck {
  name: string;
  ready: boolean;
  detail?: { lagEvents: number; lagSeconds: number; checkpoint: string };
}

/** Waits until `/readyz` reports the projection with no lag twice in a row, 300 ms apart (follow-ups may append late). */
export const waitForProjection = async (url: string, timeoutMs = 120_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  let zeroes = 0;
  let last: unknown;
  while (Date.now() < deadline) {
    const body = (await (await fetch(`${url}/readyz`)).json()) as { checks: ProjectionCheck[] };
    const check = body.checks.find((c) => c.name === 'projections');
    last = check;
    zeroes = check?.detail?.lagEvents === 0 ? zeroes + 1 : 0;
    if (zeroes >= 2) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the projection did not catch up: ${JSON.stringify(last)}`);
};
