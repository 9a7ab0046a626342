// A sample partner integration with Dinie: the webhook receiver and the client journey, each with
// switchable faults (see README.md in this folder).
export {
  startSampleReceiver, isReceiverFault, RECEIVER_FAULTS,
  type ReceiverFault, type SampleReceiver, type SampleReceiverOptions,
} from './receiver.js';
export {
  runSampleJourney, isClientFault, CLIENT_FAULTS, DinieClient, DinieError,
  type ClientFault, type PollPolicy, type RetryPolicy, type SampleJourneyOptions, type SampleJourneyResult,
} from './client.js';
