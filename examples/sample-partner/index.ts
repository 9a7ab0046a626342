// A sample partner integration with Dinie: the webhook receiver and the client journey, each with
// switchable faults (see README.md in this folder).

export {
  CLIENT_FAULTS,
  type ClientFault,
  DinieClient,
  DinieError,
  isClientFault,
  type PollPolicy,
  type RetryPolicy,
  runSampleJourney,
  type SampleJourneyOptions,
  type SampleJourneyResult,
} from './client.js';
export { isReceiverFault, RECEIVER_FAULTS, type ReceiverFault, type SampleReceiver, type SampleReceiverOptions, startSampleReceiver } from './receiver.js';
