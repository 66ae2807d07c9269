/** Character codes the fast path tests a token's first character against. */
export const SPACE = 0x20;
export const NEWLINE = 0x0a;
export const HASH = 0x23;
export const DASH_CHAR = 0x2d;
export const COLON = 0x3a;
export const COMMA = 0x2c;
export const SINGLE_QUOTE = 0x27;
export const DOUBLE_QUOTE = 0x22;
export const PIPE = 0x7c;
export const GREATER = 0x3e;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;
