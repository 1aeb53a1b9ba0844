import fc from 'fast-check';
import type { LeadSourceParts } from './leadSource';
import { knownActionOf, knownSourceOf, parseLeadSource, parseOfferId, printLeadSource } from './leadSource';

describe('parseLeadSource', () => {
  it('reads the CRM form with the source holding spaces and parentheses', () => {
    expect(parseLeadSource('AppSource (SPZA)-PLT | bitnami.openedxcypress')).toEqual({
      form: 'crm',
      source: 'AppSource (SPZA)',
      action: 'PLT',
      offer: { publisherId: 'bitnami', offerId: 'openedxcypress' },
    });
  });

  it('accepts no spaces around the pipe and splits the offer at the first dot', () => {
    expect(parseLeadSource('AzurePortal-Create|northwind.erp-connector.v2')).toEqual({
      form: 'crm',
      source: 'AzurePortal',
      action: 'Create',
      offer: { publisherId: 'northwind', offerId: 'erp-connector.v2' },
    });
  });

  it('takes the action after the last dash', () => {
    expect(parseLeadSource('Some-Source-INS | p.o')).toMatchObject({ source: 'Some-Source', action: 'INS' });
  });

  it('reads a bare source', () => {
    expect(parseLeadSource('AzureMarketplace')).toEqual({
      form: 'bare',
      source: 'AzureMarketplace',
      action: null,
      offer: null,
    });
  });

  it('reads a known source and action without offer as the CRM form', () => {
    expect(parseLeadSource('AzureMarketplace-INS')).toEqual({
      form: 'crm',
      source: 'AzureMarketplace',
      action: 'INS',
      offer: null,
    });
  });

  it('keeps an unknown dashed value bare', () => {
    expect(parseLeadSource('Partner-Center')).toMatchObject({ form: 'bare', source: 'Partner-Center' });
  });

  it('gives no action when the CRM form has none', () => {
    expect(parseLeadSource('AppSource (SPZA) | p.o')).toMatchObject({
      source: 'AppSource (SPZA)',
      action: null,
    });
  });

  it('keeps an offer id without publisher', () => {
    expect(parseOfferId('lonely-offer')).toEqual({ publisherId: null, offerId: 'lonely-offer' });
  });
});

describe('known sources and actions', () => {
  it.each([
    ['AzureMarketplace', 'AzureMarketplace'],
    ['azureportal', 'AzurePortal'],
    ['AppSource (SPZA)', 'AppSource'],
    ['appsource(spza)', 'AppSource'],
    ['AppSource', 'AppSource'],
    ['SPZA', 'AppSource'],
    ['TESTDRIVE', 'TestDrive'],
    ['Partner Center', null],
  ])('source %s -> %s', (raw, known) => {
    expect(knownSourceOf(raw)).toBe(known);
  });

  it.each([
    ['plt', 'PLT'],
    ['INS', 'INS'],
    ['CREATE', 'Create'],
    ['starttestdrive', 'StartTestDrive'],
    ['Dnc', 'DNC'],
    ['Purchase', null],
  ])('action %s -> %s', (raw, known) => {
    expect(knownActionOf(raw)).toBe(known);
  });
});

const token = (chars: string, min = 1) =>
  fc.string({ unit: fc.constantFrom(...chars.split('')), minLength: min, maxLength: 12 });
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

const crmParts: fc.Arbitrary<LeadSourceParts> = fc.record({
  form: fc.constant('crm' as const),
  source: fc.oneof(
    fc.constantFrom('AppSource (SPZA)', 'AzureMarketplace', 'AzurePortal', 'TestDrive', 'SPZA'),
    token(ALNUM + ' ()-').filter((s) => s.trim() === s && !s.endsWith('-')),
  ),
  action: fc.oneof(fc.constantFrom('PLT', 'INS', 'Create', 'StartTestDrive', 'DNC'), token(ALNUM)),
  offer: fc.record({
    publisherId: token(ALNUM + '-_'),
    offerId: token(ALNUM + '-_.').filter((s) => !s.endsWith('.')),
  }),
});

describe('LeadSource CRM form', () => {
  it('parses what it prints, whatever the spaces around the pipe', () => {
    fc.assert(
      fc.property(crmParts, fc.constantFrom('|', ' | ', '| ', ' |', '  |  '), (parts, separator) => {
        expect(parseLeadSource(printLeadSource(parts, separator))).toEqual(parts);
      }),
    );
  });
});
