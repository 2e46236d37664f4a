/** The stream layer. @module */
export {};
