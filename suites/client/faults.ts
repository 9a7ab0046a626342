// Which client requirement each defect turns red (failed for a MUST, warning for a SHOULD), so the
// client certification is seen to catch what it exists for (suites/client/client.selftest.ts).
// Three sources of defects: the sample partner's client faults and receiver faults
// (examples/sample-partner, switched on with `faults`), and the self-test's own defects for the
// rules no sample fault breaks (a proxy between the sample and the observing server that changes
// what the application sends in one respect).

export interface ClientFaultProbe {
  fault: string;
  /** The requirement id that must turn red under it. */
  requirement: string;
}

/** Faults of examples/sample-partner's client (CLIENT_FAULTS). */
export const clientFaultProbes: ClientFaultProbe[] = [
  // Without keys, creating POSTs go bare (SHOULD), and the retry of the one answered 503 carries none (MUST).
  { fault: 'no-idempotency-key', requirement: 'CLIENT-IDEMPOTENCY-KEY-SENT' },
  { fault: 'no-idempotency-key', requirement: 'CLIENT-IDEMPOTENCY-KEY-ON-RETRY' },
  { fault: 'new-key-on-retry', requirement: 'CLIENT-IDEMPOTENCY-KEY-ON-RETRY' },
  { fault: 'token-per-request', requirement: 'CLIENT-TOKEN-REUSED' },
  { fault: 'ignores-retry-after', requirement: 'CLIENT-RETRY-AFTER-HONOURED' },
  { fault: 'no-backoff-on-5xx', requirement: 'CLIENT-BACKOFF-ON-5XX' },
  { fault: 'offset-pagination', requirement: 'CLIENT-LIST-CURSOR' },
  { fault: 'invalid-request', requirement: 'CLIENT-REQUEST-VALID' },
];

/** Faults of examples/sample-partner's receiver (RECEIVER_FAULTS) that a client certification meets through its deliveries. */
export const receiverFaultProbes: ClientFaultProbe[] = [
  { fault: 'no-signature-check', requirement: 'CLIENT-WEBHOOK-FORGED-REFUSED' },
  // Answers past the delivery timeout: no new delivery is acknowledged in time (a redelivery it has
  // seen is answered at once, and the held-back event may not come before the session ends).
  { fault: 'slow-ack', requirement: 'CLIENT-WEBHOOK-ACKNOWLEDGED' },
];

/**
 * The self-test's own defects, one rule each, for what no sample fault breaks: client-side ones in
 * a proxy between the sample's client and the observing server, receiver-side ones in a front
 * before the sample's receiver (defect-proxy.ts).
 */
export const SELFTEST_DEFECTS = {
  'resends-refused-token': 'after a 401 on a bearer request, sends the same request with the same token once more',
  'renews-twice': 'after a 401, asks for a new token twice',
  'refuses-redelivery': 'the receiver answers 409 to a webhook-id it has seen before',
  'refuses-out-of-order':
    'the receiver answers 409 to an event that takes its resource back (an earlier state, or KYC items less far along) from one it has acknowledged',
} as const;

export type SelfTestDefect = keyof typeof SELFTEST_DEFECTS;

export const selfTestDefectProbes: (ClientFaultProbe & { fault: SelfTestDefect })[] = [
  { fault: 'resends-refused-token', requirement: 'CLIENT-TOKEN-RENEWED-ON-401' },
  { fault: 'renews-twice', requirement: 'CLIENT-TOKEN-RENEWED-ON-401' },
  { fault: 'refuses-redelivery', requirement: 'CLIENT-WEBHOOK-REDELIVERY-ACKNOWLEDGED' },
  { fault: 'refuses-out-of-order', requirement: 'CLIENT-WEBHOOK-OUT-OF-ORDER-ACKNOWLEDGED' },
];
