// Which receiver requirement each defect turns red (failed for a MUST, warning for a SHOULD), so
// the receiver certification is seen to catch what it exists for (suites/receiver/receiver.selftest.ts).
// Two sources of defects: the sample partner's receiver faults (examples/sample-partner, switched
// on with `faults`), and the self-test's own defects for the rules the sample breaks no other way
// (a receiver put in front of the sample that misbehaves in one respect).

export interface ReceiverFaultProbe {
  /** A fault of the sample receiver (RECEIVER_FAULTS) or a self-test defect (SELFTEST_DEFECTS). */
  fault: string;
  /** The requirement id whose check must turn red under it. */
  requirement: string;
}

/** Faults of examples/sample-partner's receiver. */
export const sampleFaultProbes: ReceiverFaultProbe[] = [
  // Verifies nothing: forged, tampered, header-less and out-of-tolerance deliveries are all acted on.
  { fault: 'no-signature-check', requirement: 'RECV-REFUSES-FORGED-SIGNATURE' },
  { fault: 'no-signature-check', requirement: 'RECV-REFUSES-TAMPERED-BODY' },
  { fault: 'no-signature-check', requirement: 'RECV-REFUSES-MISSING-HEADERS' },
  { fault: 'no-signature-check', requirement: 'RECV-REFUSES-STALE-TIMESTAMP' },
  { fault: 'no-signature-check', requirement: 'RECV-REFUSES-FUTURE-TIMESTAMP' },
  { fault: 'no-timestamp-tolerance', requirement: 'RECV-REFUSES-STALE-TIMESTAMP' },
  { fault: 'no-timestamp-tolerance', requirement: 'RECV-REFUSES-FUTURE-TIMESTAMP' },
  { fault: 'single-signature-only', requirement: 'RECV-ACCEPTS-ROTATION-SIGNATURES' },
  { fault: '500-on-unknown-event', requirement: 'RECV-ACKS-UNKNOWN-EVENT-TYPE' },
  { fault: 'processes-duplicates', requirement: 'RECV-PROCESSES-ONCE' },
  // Answers only after its work, past the delivery timeout: every delivery it acts on is late.
  { fault: 'slow-ack', requirement: 'RECV-EVENTS-ACKNOWLEDGED' },
  { fault: 'slow-ack', requirement: 'RECV-ACCEPTS-ROTATION-SIGNATURES' },
  { fault: 'slow-ack', requirement: 'RECV-ACKS-REDELIVERY' },
  { fault: 'slow-ack', requirement: 'RECV-ACKS-UNKNOWN-MEMBERS' },
  { fault: 'slow-ack', requirement: 'RECV-ACKS-OUT-OF-ORDER' },
  { fault: 'slow-ack', requirement: 'RECV-ACKS-CONCURRENT' },
  { fault: 'accepts-missing-headers', requirement: 'RECV-REFUSES-MISSING-HEADERS' },
];

/**
 * Defects of the self-test's own receiver (in front of a clean sample receiver), one rule each,
 * for what no sample fault breaks by itself.
 */
export const SELFTEST_DEFECTS = {
  'rejects-unknown-members': 'validates bodies strictly: answers 400 to a member it does not know',
  'needs-order': 'answers 409 to a loan event for a loan it has not seen created',
  'one-at-a-time': 'answers 503 while another delivery is being handled',
  'refuses-redelivery': 'answers 409 to a webhook-id it has seen before',
  'never-answers': 'accepts the connection and never answers',
} as const;

export type SelfTestDefect = keyof typeof SELFTEST_DEFECTS;

export const selfTestDefectProbes: (ReceiverFaultProbe & { fault: SelfTestDefect })[] = [
  { fault: 'rejects-unknown-members', requirement: 'RECV-ACKS-UNKNOWN-MEMBERS' },
  { fault: 'needs-order', requirement: 'RECV-ACKS-OUT-OF-ORDER' },
  { fault: 'one-at-a-time', requirement: 'RECV-ACKS-CONCURRENT' },
  { fault: 'refuses-redelivery', requirement: 'RECV-ACKS-REDELIVERY' },
  { fault: 'never-answers', requirement: 'RECV-EVENTS-ACKNOWLEDGED' },
];
