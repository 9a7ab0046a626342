export { startReceiver, type Receiver, type ReceiverOptions } from './receiver.js';
export { verifyDelivery, type Verification } from './verify.js';
