export { createGatehouse } from './app.js';
export type { Gatehouse, CreateOptions } from './app.js';
export { loadConfig, ConfigError } from './config.js';
export type { ServerConfig, ConfigFlags } from './config.js';
export { writeRootCredentials } from './bootstrap.js';
export type { BootstrapState } from './bootstrap.js';
