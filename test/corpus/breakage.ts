import type { Rng } from './prng';
import type { Pending } from './render';

/** Each way a body can be broken, and the status a correct engine answers. */
export const BREAKAGES = [
  'not-json-truncated',
  'not-json-missing-comma',
  'json-array',
  'json-number',
  'json-string',
  'json-null',
  'user-details-not-an-object',
  'wrong-field-types',
  'no-action-code',
  'blank-action-code',
  'no-lead-source-nor-action',
  'conflicting-actions',
  'too-large',
  'canonical-invalid-occurred-at',
  'canonical-missing-id',
  'canonical-blank-id',
  'canonical-missing-action',
  'canonical-unknown-field',
  'canonical-wrong-types',
  'both-forms',
] as const;
export type Breakage = (typeof BREAKAGES)[number];

/** Above the default limit of 64 KiB a lead. */
const OVERSIZE = 70 * 1024;

const raw = (body: string): Pending => ({
  kind: 'bad-raw',
  body,
  headers: {},
  expect: { status: 400, bad: true },
});
const json = (body: unknown, status = 400): Pending => ({
  kind: 'bad-json',
  body,
  headers: {},
  expect: { status, bad: true },
});

const canonical = (n: number): Record<string, unknown> => ({
  id: `evt-broken-${n}`,
  occurredAt: '2026-09-27T10:15:00Z',
  source: 'AzureMarketplace',
  action: 'PLT',
  customer: { firstName: 'Broken', lastName: 'Canonical', email: `broken.canonical${n}@contoso.example` },
});

/** One broken delivery of the given kind; `n` keeps the bodies of repeated kinds apart. */
export const breakBody = (rng: Rng, breakage: Breakage, n: number): Pending => {
  const user = { FirstName: 'Bad', LastName: `Lead${n}`, Email: `bad.lead${n}@contoso.example` };
  switch (breakage) {
    case 'not-json-truncated':
      return raw(`{"UserDetails": {"FirstName": "Broken${n}"`);
    case 'not-json-missing-comma':
      return raw(
        `{\n  "userDetails": {\n    "FirstName": "MSFT_TEST_63657330483131${String(n).padStart(4, '0')}"\n  },\n` +
          `  "LeadSource": "AzureMarketplace",\n  "ActionCode": "INS"\n  "OfferTitle": "Contoso Test"\n}`,
      );
    case 'json-array':
      return raw(JSON.stringify([user, n]));
    case 'json-number':
      return raw(String(rng.between(1, 9999)));
    case 'json-string':
      return raw(JSON.stringify(`just a string ${n}`));
    case 'json-null':
      return raw('null');
    case 'user-details-not-an-object':
      return json({ UserDetails: `Bad Lead ${n}`, LeadSource: 'AzureMarketplace', ActionCode: 'INS' });
    case 'wrong-field-types':
      return json({
        UserDetails: { FirstName: 42, Email: [user.Email] },
        LeadSource: 'AzureMarketplace',
        ActionCode: 'INS',
      });
    case 'no-action-code':
      return json({ UserDetails: user, LeadSource: 'AzureMarketplace', OfferTitle: 'Leadflow CRM' });
    case 'blank-action-code':
      return json({ UserDetails: user, LeadSource: 'AppSource (SPZA)', ActionCode: '  ' });
    case 'no-lead-source-nor-action':
      return json({ UserDetails: user, OfferTitle: 'Open edX' });
    case 'conflicting-actions':
      return json({
        UserDetails: user,
        LeadSource: 'AppSource (SPZA)-PLT | contoso-apps.leadflow-crm',
        ActionCode: 'INS',
      });
    case 'too-large':
      return json(
        {
          UserDetails: user,
          LeadSource: 'AzureMarketplace',
          ActionCode: 'PLT',
          Description: 'x'.repeat(OVERSIZE),
        },
        413,
      );
    case 'canonical-invalid-occurred-at':
      return json({
        ...canonical(n),
        occurredAt: rng.pick(['yesterday', '2026-13-45T25:00:00Z', '26/09/2026']),
      });
    case 'canonical-missing-id': {
      const { id: _id, ...rest } = canonical(n);
      return json(rest);
    }
    case 'canonical-blank-id':
      return json({ ...canonical(n), id: '   ' });
    case 'canonical-missing-action': {
      const { action: _action, ...rest } = canonical(n);
      return json(rest);
    }
    case 'canonical-unknown-field':
      return json({ ...canonical(n), customr: { email: 'typo@contoso.example' } });
    case 'canonical-wrong-types':
      return json({ ...canonical(n), id: 1000 + n, customer: 'Broken Canonical' });
    case 'both-forms':
      return json({ ...canonical(n), UserDetails: user, LeadSource: 'AzureMarketplace', ActionCode: 'PLT' });
  }
};
