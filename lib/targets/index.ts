export { resolveTarget, MOCK_URL, SANDBOX_URL, BUILTIN_TARGETS, type ResolveOptions, type ResolvedTarget } from './resolve.js';
export { ConfigError, TARGET_ENV, encodeTargetSpec, decodeTargetSpec, publicTargetInfo, type TargetSpec, type Credentials, type Profile, type PublicTargetInfo } from './types.js';
export { loadProjectConfig, CONFIG_FILES, type ProjectConfig, type NamedTarget } from './config-file.js';
export { discoverControl, detectStateful, defaultControlUrl } from './detect.js';
export { probeRevision, judgeRevision, unreadRevision, readOneCustomer, type RevisionProbeClient, type RevisionProbeResult, type RevisionSeen } from './revision-probe.js';
