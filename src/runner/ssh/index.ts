export { createSshConnection, MAX_CHANNELS, type SshConnectOptions } from './ssh-connection.js';
export { TIMEOUT_EXIT_CODE } from './remote-command.js';
