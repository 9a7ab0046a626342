// Banks and a customer's bank account (the SDK revision, api-facts 1.5 and 1.6): the banks accepted
// for disbursement, and one account per customer, created or replaced by POST (an upsert, 200) and
// read by GET (404 while none is linked, api-facts §3 Q14). The POST also takes the customer's
// session token (Dinie's KYC app collects disbursement data).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kernel } from '../kernel.js';
import type { CustomerRecord } from '../model.js';
import { ApiError, type FieldError, notFound, validationError } from '../problem.js';
import { objectBody } from './validate.js';

/** COMPE code → name: a few of the banks a Brazilian account is commonly held at. */
export const BANKS: ReadonlyMap<string, string> = new Map([
  ['001', 'Banco do Brasil'],
  ['033', 'Banco Santander (Brasil)'],
  ['077', 'Banco Inter'],
  ['104', 'Caixa Econômica Federal'],
  ['237', 'Banco Bradesco'],
  ['260', 'Nu Pagamentos'],
  ['336', 'Banco C6'],
  ['341', 'Itaú Unibanco'],
]);

const KINDS = ['checking', 'saving', 'payment'];
const ACCOUNT_MEMBERS = ['bank_id', 'kind', 'branch', 'number', 'digit'];

interface BankAccountRecord {
  id: string;
  bankId: string;
  kind: string;
  branch: string;
  number: string;
  digit: string;
  updatedAt: Date;
}

function accounts(kernel: Kernel, partnerId: string): Map<string, BankAccountRecord> {
  return kernel.store.partition(partnerId).collection<BankAccountRecord>('bankAccounts');
}

function view(kernel: Kernel, a: BankAccountRecord) {
  return {
    id: a.id,
    bank_id: a.bankId,
    kind: a.kind,
    branch: a.branch,
    number: a.number,
    digit: a.digit,
    bank_name: BANKS.get(a.bankId)!,
    updated_at: kernel.wire.instant(a.updatedAt),
  };
}

/** The account body's errors; members are strings of digits (bank and branch left-padded when stored). */
function accountErrors(raw: unknown): FieldError[] {
  const body = objectBody(raw);
  if (!body) return [{ field: '', message: 'must be a JSON object' }];
  const errors: FieldError[] = Object.keys(body)
    .filter((k) => k !== 'bank_account')
    .map((field) => ({ field, message: 'is not a known member' }));
  const account = objectBody(body.bank_account);
  if (!account) return [...errors, { field: 'bank_account', message: 'is required: an object' }];
  for (const k of Object.keys(account)) if (!ACCOUNT_MEMBERS.includes(k)) errors.push({ field: `bank_account.${k}`, message: 'is not a known member' });
  const digits = (field: string, max: number) => {
    const v = account[field];
    if (typeof v !== 'string' || !new RegExp(`^\\d{1,${max}}$`).test(v)) errors.push({ field: `bank_account.${field}`, message: `must be 1 to ${max} digits` });
  };
  digits('bank_id', 3);
  digits('branch', 4);
  digits('number', 20);
  if (typeof account.bank_id === 'string' && /^\d{1,3}$/.test(account.bank_id) && !BANKS.has(account.bank_id.padStart(3, '0'))) {
    errors.push({ field: 'bank_account.bank_id', message: 'must be the COMPE code of a bank GET /banks lists' });
  }
  if (typeof account.kind !== 'string' || !KINDS.includes(account.kind))
    errors.push({ field: 'bank_account.kind', message: `must be one of ${KINDS.join(', ')}` });
  if (typeof account.digit !== 'string' || !/^([0-9]|X)$/.test(account.digit)) errors.push({ field: 'bank_account.digit', message: 'must be one digit or X' });
  return errors;
}

export function registerBankRoutes(app: FastifyInstance, kernel: Kernel, own: (request: FastifyRequest) => CustomerRecord): void {
  app.get('/v3/banks', { config: { operationId: 'listBanks' } }, async () => ({
    data: [...BANKS].map(([id, name]) => ({ id, name, display_name: `${id} - ${name}` })),
  }));

  app.get('/v3/customers/:customer_id/bank-account', { config: { operationId: 'getCustomerBankAccount' } }, async (request) => {
    const customer = own(request);
    const account = accounts(kernel, customer.partnerId).get(customer.id);
    if (!account) throw notFound('Bank account of this customer');
    return view(kernel, account);
  });

  app.post(
    '/v3/customers/:customer_id/bank-account',
    { config: { operationId: 'upsertCustomerBankAccount', idempotent: true, body: 'json', session: 'also' } },
    async (request) => {
      const customer = own(request);
      const session = request.caller!.sessionCustomerId;
      if (session !== undefined && session !== customer.id) throw new ApiError(403, 'forbidden', 'Forbidden', 'This session token is for another customer.');
      const errors = accountErrors(request.body);
      if (errors.length) throw validationError(errors);
      const a = (request.body as { bank_account: Record<string, string> }).bank_account;
      const store = accounts(kernel, customer.partnerId);
      const record: BankAccountRecord = {
        id: store.get(customer.id)?.id ?? kernel.newId('ba'),
        bankId: a.bank_id!.padStart(3, '0'),
        kind: a.kind!,
        branch: a.branch!.padStart(4, '0'),
        number: a.number!,
        digit: a.digit!,
        updatedAt: kernel.clock.now(),
      };
      store.set(customer.id, record);
      return view(kernel, record);
    },
  );
}
