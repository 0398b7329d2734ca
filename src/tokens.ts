/** Nest injection tokens for the ports, shared by the module that provides them and the classes that use them. */
export const CONFIG = Symbol('CONFIG');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const CLOCK = Symbol('CLOCK');
export const LOGGER = Symbol('LOGGER');
export const ADMIN_TOKEN = Symbol('ADMIN_TOKEN');
