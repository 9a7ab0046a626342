export { resolveTarget, MOCK_URL, SANDBOX_URL, BUILTIN_TARGETS, type ResolveOptions, type ResolvedTarget } from './resolve.js';
export { ConfigError, TARGET_ENV, encodeTargetSpec, decodeTargetSpec, type TargetSpec, type Credentials, type Profile } from './types.js';
export { loadProjectConfig, CONFIG_FILES, type ProjectConfig, type NamedTarget } from './config-file.js';
export { discoverControl, detectStateful, defaultControlUrl } from './detect.js';
