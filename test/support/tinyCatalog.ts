/** A small hand-made catalogue so service tests do not depend on the shipped data's wording. */
import type { BasicEntry, CatalogData, EnhancedEntry } from '../../server/src/service/catalogTypes';

const advice = { sender: 'sender advice', admin: 'admin advice' };
const rfc = [{ label: 'RFC 5321 §4.2.3', url: 'https://www.rfc-editor.org/rfc/rfc5321#section-4.2.3' }];

function basic(code: string, title: string, extra: Partial<BasicEntry> = {}): BasicEntry {
  return { kind: 'basic', code, title, explanation: `${title} explained.`, causes: ['a cause'], advice, associated: [], references: rfc, standard: true, ...extra };
}
function enhanced(code: string, title: string, classes: Array<2 | 4 | 5>, extra: Partial<EnhancedEntry> = {}): EnhancedEntry {
  return { kind: 'enhanced', code, title, explanation: `${title} explained.`, causes: [], advice, associated: [], references: rfc, standard: true, classes, sampleText: title, ...extra };
}

export const tinyCatalog: CatalogData = {
  basic: [
    basic('250', 'Requested action completed'),
    basic('354', 'Start mail input'),
    basic('421', 'Service not available'),
    basic('450', 'Mailbox unavailable (temporary)', { associated: ['X.2.0'] }),
    basic('452', 'Insufficient system storage', { keywords: ['mailbox full', 'over quota'] }),
    basic('535', 'Authentication credentials invalid'),
    basic('550', 'Mailbox unavailable', { associated: ['X.1.1', 'X.7.1'] }),
    basic('552', 'Exceeded storage allocation', { keywords: ['mailbox full', 'message too big'] }),
    basic('554', 'Transaction failed'),
    basic('571', 'Delivery not authorized', { standard: false, references: [], nonStandardNote: 'Used by some provider lists.' }),
  ],
  enhanced: [
    enhanced('X.0.0', 'Other undefined status', [2, 4, 5]),
    enhanced('X.1.1', 'Bad destination mailbox address', [4, 5], { associated: ['451', '550'] }),
    enhanced('X.2.2', 'Mailbox full', [4, 5], { keywords: ['mailbox full', 'over quota'], associated: ['552'] }),
    enhanced('X.7.1', 'Delivery not authorized, message refused', [4, 5], { associated: ['550'] }),
  ],
  basicClasses: [
    { digit: '2', name: 'Positive completion', meaning: 'done' },
    { digit: '3', name: 'Positive intermediate', meaning: 'go on' },
    { digit: '4', name: 'Transient negative completion', meaning: 'retry later' },
    { digit: '5', name: 'Permanent negative completion', meaning: 'do not retry' },
  ],
  basicCategories: [{ digit: '5', name: 'Mail system', meaning: 'about the mail system' }],
  enhancedClasses: [
    { digit: '2', name: 'Success', meaning: 'delivered' },
    { digit: '4', name: 'Persistent transient failure', meaning: 'retry' },
    { digit: '5', name: 'Permanent failure', meaning: 'do not retry' },
  ],
  enhancedSubjects: [
    { digit: '1', name: 'Addressing', meaning: 'about the address.' },
    { digit: '4', name: 'Network and routing', meaning: 'about the network.' },
    { digit: '7', name: 'Security or policy', meaning: 'about policy.' },
  ],
};
