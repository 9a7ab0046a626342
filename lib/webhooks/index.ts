export { type Receiver, type ReceiverOptions, startReceiver } from './receiver.js';
export { type Verification, verifyDelivery } from './verify.js';
