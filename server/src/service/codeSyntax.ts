/**
 * The lexical shape of SMTP codes, shared by the catalogue, the scanner and the CLI.
 */

/** The four classes a reply code's first digit (or an enhanced code's class) can mean. */
export type CodeClass = 'success' | 'intermediate' | 'transient' | 'permanent';

/** A basic reply code: three digits, first 2-5, second 0-5 (RFC 5321 §4.2). */
export const BASIC_CODE = /^[2-5][0-5][0-9]$/;

/** An enhanced status code: class.subject.detail (RFC 3463 §2), class 2, 4 or 5. */
export const ENHANCED_CODE = /^[245]\.[0-9]{1,3}\.[0-9]{1,3}$/;

/** Which kind of code a string is, or undefined when it is neither. */
export function codeKind(code: string): 'basic' | 'enhanced' | undefined {
  if (BASIC_CODE.test(code)) return 'basic';
  if (ENHANCED_CODE.test(code)) return 'enhanced';
  return undefined;
}

/** The class named by a code's first digit. */
export function classOf(code: string): CodeClass {
  switch (code[0]) {
    case '2':
      return 'success';
    case '3':
      return 'intermediate';
    case '4':
      return 'transient';
    default:
      return 'permanent';
  }
}

/** True for classes that report a failure (4xx, 5xx). */
export function isFailure(codeClass: CodeClass): codeClass is 'transient' | 'permanent' {
  return codeClass === 'transient' || codeClass === 'permanent';
}

/** "5.1.1" → "X.1.1", the form the IANA registry lists enhanced codes in. */
export function genericEnhanced(code: string): string {
  return 'X' + code.slice(code.indexOf('.'));
}

/** Removes leading zeros from the numeric parts: "5.01.001" → "5.1.1" (RFC 3463 forbids them; some servers send them). */
export function normalizeEnhanced(code: string): string {
  return code
    .split('.')
    .map((part) => String(Number(part)))
    .join('.');
}
