export { DEV_TOKEN_DEFAULTS, devKeyFilePath, loadOrCreateDevKey, type DevKey } from './dev-key';
export { issueDevToken, type DevTokenRequest } from './dev-token';
export { SigningKeysUnavailableError } from './key-source';
export { currentUser, type Principal } from './principal';
export { ROLES, isRole, roleSchema, type Role } from './roles';
