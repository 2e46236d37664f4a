/**
 * Tools to test an app offline against the fake `claude` CLI.
 * @module
 */
export {};
