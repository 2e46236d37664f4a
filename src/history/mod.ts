/** The history layer. @module */
export {};
