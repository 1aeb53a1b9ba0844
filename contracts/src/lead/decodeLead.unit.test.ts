import * as E from 'fp-ts/Either';
import { decodeLead } from './decodeLead';
import type { DecodeError } from './decodeErrors';
import type { IncomingLead } from './incomingLead';

const documentedSample = {
  UserDetails: {
    FirstName: 'Some',
    LastName: 'One',
    Email: 'someone@contoso.com',
    Phone: '16175555555',
    Country: 'USA',
    Company: 'Contoso',
    Title: 'Esquire',
  },
  LeadSource: 'AzureMarketplace',
  ActionCode: 'INS',
  OfferTitle: 'Test Microsoft',
  Description: 'Test run through Power Automate',
};

const publishTimeTestLead = {
  userDetails: {
    firstName: 'MSFT_TEST_636573304831318844',
    lastName: 'MSFT_TEST_636573304831318844',
    email: 'MSFT_TEST_636573304831318844@MSFT_TEST_636573304831318844.com',
    phone: '1234567890',
    country: 'US',
    company: 'MSFT_TEST_636573304831318844',
    title: 'MSFT_TEST_636573304831318844',
  },
  leadSource: 'AzureMarketplace',
  actionCode: 'INS',
  offerTitle: 'Test Microsoft',
  description: 'MSFT_TEST_636573304831318844',
};

const canonical = {
  id: 'evt-1',
  occurredAt: '2026-09-26T18:39:50Z',
  source: 'AppSource (SPZA)',
  action: 'plt',
  offer: { publisherId: 'fabrikam', offerId: 'sign', title: ' Fabrikam Sign ' },
  customer: { firstName: ' Noah ', email: '', phone: null },
  producer: 'crm-sync',
};

const decoded = (body: unknown): IncomingLead => {
  const result = decodeLead(body);
  if (E.isLeft(result)) throw new Error(JSON.stringify(result.left));
  return result.right;
};

const rejected = (body: unknown): DecodeError[] => {
  const result = decodeLead(body);
  if (E.isRight(result)) throw new Error(`accepted: ${JSON.stringify(result.right)}`);
  return result.left;
};

describe('decodeLead with a marketplace webhook payload', () => {
  it("decodes the marketplace's documented sample", () => {
    expect(decoded(documentedSample)).toEqual({
      format: 'webhook',
      producerLeadId: null,
      occurredAt: null,
      source: { raw: 'AzureMarketplace', known: 'AzureMarketplace' },
      action: { raw: 'INS', known: 'INS' },
      offer: { publisherId: null, offerId: null, title: 'Test Microsoft' },
      customer: {
        firstName: 'Some',
        lastName: 'One',
        email: 'someone@contoso.com',
        phone: '16175555555',
        country: 'USA',
        company: 'Contoso',
        title: 'Esquire',
      },
      description: 'Test run through Power Automate',
      producer: null,
      isTest: false,
      unrecognized: false,
    });
  });

  it("decodes the marketplace's publish-time test lead and flags it", () => {
    const lead = decoded(publishTimeTestLead);
    expect(lead.isTest).toBe(true);
    expect(lead.customer.firstName).toBe('MSFT_TEST_636573304831318844');
    expect(lead.action.known).toBe('INS');
  });

  it('takes source, action and offer from the CRM form', () => {
    const lead = decoded({
      LeadSource: 'AppSource (SPZA)-plt | checkpoint.check-point-r77-10sg-byol',
      OfferTitle: 'R77',
    });
    expect(lead.source).toEqual({ raw: 'AppSource (SPZA)', known: 'AppSource' });
    expect(lead.action).toEqual({ raw: 'plt', known: 'PLT' });
    expect(lead.offer).toEqual({
      publisherId: 'checkpoint',
      offerId: 'check-point-r77-10sg-byol',
      title: 'R77',
    });
  });

  it('accepts both action forms when they agree case-insensitively', () => {
    expect(decoded({ LeadSource: 'AzurePortal-Create | p.o', ActionCode: 'create' }).action.known).toBe(
      'Create',
    );
  });

  it('rejects two action forms that disagree, at the ActionCode as sent', () => {
    const errors = rejected({ LeadSource: 'AppSource (SPZA)-PLT | p.o', actionCode: 'INS' });
    expect(errors).toEqual([{ path: '/actionCode', message: expect.stringContaining('disagrees') }]);
  });

  it('rejects a lead with no usable action', () => {
    const errors = rejected({
      UserDetails: { Email: 'a@b.c' },
      LeadSource: 'AzureMarketplace',
      ActionCode: '  ',
    });
    expect(errors).toEqual([{ path: '/ActionCode', message: expect.stringContaining('no usable action') }]);
  });

  it('accepts an unknown action or source and flags it unrecognized', () => {
    const unknownAction = decoded({ LeadSource: 'AzureMarketplace', ActionCode: 'Purchase' });
    expect(unknownAction).toMatchObject({ unrecognized: true, action: { raw: 'Purchase', known: null } });
    const unknownSource = decoded({ LeadSource: 'PartnerCenter', ActionCode: 'PLT' });
    expect(unknownSource).toMatchObject({
      unrecognized: true,
      source: { raw: 'PartnerCenter', known: null },
    });
  });

  it('treats missing, null and blank fields alike and trims the rest', () => {
    const lead = decoded({
      UserDetails: null,
      LeadSource: ' AzureMarketplace ',
      ActionCode: ' INS ',
      Description: '',
    });
    expect(lead.customer).toEqual({
      firstName: null,
      lastName: null,
      email: null,
      phone: null,
      country: null,
      company: null,
      title: null,
    });
    expect(lead.description).toBeNull();
    expect(lead.action.raw).toBe('INS');
  });

  it('names each field of the wrong type by its path as sent', () => {
    const errors = rejected({
      userDetails: { FirstName: 42, EMAIL: ['x@y.z'] },
      LeadSource: 'AzureMarketplace',
      ActionCode: true,
    });
    expect(errors).toEqual([
      { path: '/userDetails/FirstName', message: 'expected string or null, got number 42' },
      { path: '/userDetails/EMAIL', message: 'expected string or null, got an array of 1 item' },
      { path: '/ActionCode', message: 'expected string or null, got boolean true' },
    ]);
  });

  it('rejects UserDetails that is not an object', () => {
    expect(
      rejected({ UserDetails: 'not-an-object', LeadSource: 'AzureMarketplace', ActionCode: 'INS' }),
    ).toEqual([
      { path: '/UserDetails', message: 'expected UserDetails object or null, got string "not-an-object"' },
    ]);
  });

  it('rejects two spellings of one key with different values', () => {
    const errors = rejected({ ActionCode: 'INS', actioncode: 'PLT' });
    expect(errors).toEqual([
      { path: '/actioncode', message: expect.stringContaining('conflicts with "ActionCode"') },
    ]);
  });
});

describe('decodeLead with a canonical raw lead', () => {
  it('decodes, trims and recognises', () => {
    const lead = decoded(canonical);
    expect(lead).toMatchObject({
      format: 'canonical',
      producerLeadId: 'evt-1',
      occurredAt: '2026-09-26T18:39:50Z',
      source: { raw: 'AppSource (SPZA)', known: 'AppSource' },
      action: { raw: 'plt', known: 'PLT' },
      offer: { publisherId: 'fabrikam', offerId: 'sign', title: 'Fabrikam Sign' },
      customer: { firstName: 'Noah', email: null, phone: null, lastName: null },
      description: null,
      producer: 'crm-sync',
      isTest: false,
      unrecognized: false,
    });
  });

  it('names missing and malformed fields', () => {
    const errors = rejected({
      id: '',
      occurredAt: '2026-02-30T10:00:00Z',
      customer: { email: 7, Phone: '1' },
    });
    expect(errors.map((error) => error.path)).toEqual([
      '/id',
      '/occurredAt',
      '/action',
      '/customer/Phone',
      '/customer/email',
    ]);
    expect(errors[2]?.message).toBe(
      'expected non-blank string of at most 100 characters, got nothing (missing)',
    );
  });

  it('flags a canonical test lead', () => {
    expect(decoded({ ...canonical, customer: { firstName: 'MSFT_TEST_1' } }).isTest).toBe(true);
  });
});

describe('decodeLead form detection', () => {
  it.each([[null], [[1, 2, 3]], ['just a string'], [42]])('rejects %j at the root', (body) => {
    expect(rejected(body)).toEqual([
      { path: '', message: expect.stringContaining('expected a JSON object') },
    ]);
  });

  it('rejects an object of neither form', () => {
    expect(rejected({ Description: 'hello' })).toEqual([
      { path: '', message: expect.stringContaining('got keys "Description"') },
    ]);
  });

  it('rejects an object mixing both forms', () => {
    expect(rejected({ id: 'x', LeadSource: 'AzureMarketplace', ActionCode: 'INS' })).toEqual([
      { path: '', message: expect.stringContaining('ambiguous') },
    ]);
  });
});
