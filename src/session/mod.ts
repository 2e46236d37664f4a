/** The session layer. @module */
export {};
