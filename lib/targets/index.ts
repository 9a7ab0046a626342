export { CONFIG_FILES, loadProjectConfig, type NamedTarget, type ProjectConfig } from './config-file.js';
export { defaultControlUrl, detectStateful, discoverControl } from './detect.js';
export { BUILTIN_TARGETS, MOCK_URL, type ResolvedTarget, type ResolveOptions, resolveTarget, SANDBOX_URL } from './resolve.js';
export {
  judgeRevision,
  probeRevision,
  type RevisionProbeClient,
  type RevisionProbeResult,
  type RevisionSeen,
  readOneCustomer,
  unreadRevision,
} from './revision-probe.js';
export {
  ConfigError,
  type Credentials,
  decodeTargetSpec,
  encodeTargetSpec,
  type Profile,
  type PublicTargetInfo,
  publicTargetInfo,
  TARGET_ENV,
  type TargetSpec,
} from './types.js';
