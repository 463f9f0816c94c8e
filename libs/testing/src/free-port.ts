/** Tests ask for `freePort()`; the private-infrastructure library owns the implementation. */
export { findFreePort as freePort } from '@lifecycle/local-infra';
