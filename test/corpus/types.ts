/** The actions the marketplace sends, in their canonical spelling. */
export type Action = 'PLT' | 'INS' | 'Create' | 'StartTestDrive' | 'DNC';

export const ACTIONS: ReadonlyArray<Action> = ['PLT', 'INS', 'Create', 'StartTestDrive', 'DNC'];

/** What a correct engine answers to one delivery. */
export type Expect = {
  /** 2 = any 2xx, else the exact status. */
  status: number;
  /** The real person the lead belongs to: leads with the same person must end in one customer, others must not. */
  person?: number;
  duplicate?: boolean;
  /** The seq of the original of a redelivery. */
  dupOf?: number;
  /** The recognised action (absent when the action is unknown). */
  action?: string;
  /** `publisherId.offerId` of the offer the customer acted on. */
  offer?: string;
  anonymous?: boolean;
  test?: boolean;
  unrecognized?: boolean;
  bad?: boolean;
};

/** One line of leads.ndjson. */
export type CorpusDelivery = {
  seq: number;
  kind: 'webhook' | 'canonical' | 'bad-json' | 'bad-raw';
  /** What is POSTed: a JSON value, or for `bad-raw` the raw request text. */
  body: unknown;
  headers: Record<string, string>;
  expect: Expect;
};

/** How a person's leads are laid out, which decides how they must be linked. */
export type Scenario =
  | 'steady'
  | 'phone-first'
  | 'name-link'
  | 'name-then-phone'
  | 'late-contact'
  | 'bridge'
  | 'switchboard'
  | 'dnc-only'
  | 'anonymous'
  | 'test'
  | 'unrecognized';

/** Per person of truth.json: the outcome after every delivery is processed and no task completed. */
export type PersonTruth = {
  scenario: Scenario;
  /** The recognised actions of its accepted, non-duplicate leads in arrival order (unrecognized leads count none). */
  actions: Action[];
  /** The marketplace stage the customer must show (null: no recognised action). */
  stage: 'referral' | 'interest' | 'trial' | 'active' | null;
  openFirstContact: number;
  openTrialCheckIn: number;
  /** Not a test lead and some lead carries an email or a valid phone. */
  contactable: boolean;
  /** Shares its phone with a colleague who has a different email. */
  switchboard: boolean;
  /** Customers this person's own leads merge as delivered (a later lead links two earlier ones). */
  merges: number;
  /** Accepted, non-duplicate leads. */
  leads: number;
  anonymous: boolean;
  test: boolean;
  unrecognized: boolean;
};

export type Corpus = {
  readonly deliveries: ReadonlyArray<CorpusDelivery>;
  readonly truth: Readonly<Record<string, PersonTruth>>;
};
