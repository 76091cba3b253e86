/**
 * Postfix parameters whose value is a reply code, with their defaults and what Postfix expects
 * (postconf(5); defaults from mail_params.h). Everything else in main.cf is not a code: limits,
 * sizes, times and ports are never read as one.
 */

/** What a code parameter takes. */
export type CodeExpectation =
  /** A 5xx code; a 4xx works but makes senders retry what will not change. */
  | 'permanent'
  /** 4xx or 5xx are both reasonable (DNS-based checks, where a failure may be temporary). */
  | 'either'
  /** A 4xx code: the parameter is the "try again later" answer. */
  | 'temporary'
  /** A 4xx code, or 2xx to accept anyway (unverified_*_defer_code, postconf(5)). */
  | 'temporary-or-accept';

export interface CodeParameter {
  defaultCode: string;
  expect: CodeExpectation;
  /** Why a 4xx is a poor choice, for `permanent` parameters. */
  whyPermanent?: string;
}

const UNKNOWN_RECIPIENT =
  'for a recipient that does not exist, every sending server keeps the message and retries for days (maximal_queue_lifetime, 5 days by default) before it bounces, instead of telling the sender at once. Use 450 only while testing a new configuration.';

/** The reply-code parameters Postfix knows. */
export const CODE_PARAMETERS: Readonly<Record<string, CodeParameter>> = {
  access_map_reject_code: { defaultCode: '554', expect: 'permanent', whyPermanent: 'REJECT entries in access tables would be retried by senders instead of refused; to defer one entry, write DEFER or 450 text in the table.' },
  access_map_defer_code: { defaultCode: '450', expect: 'temporary' },
  defer_code: { defaultCode: '450', expect: 'temporary' },
  invalid_hostname_reject_code: { defaultCode: '501', expect: 'permanent', whyPermanent: 'a syntactically invalid hostname will not become valid by retrying.' },
  maps_rbl_reject_code: { defaultCode: '554', expect: 'permanent', whyPermanent: 'listed clients retry again and again, each retry another DNS blocklist lookup, and legitimate senders learn late that they are listed.' },
  multi_recipient_bounce_reject_code: { defaultCode: '550', expect: 'permanent', whyPermanent: 'a bounce with several recipients is malformed; retrying sends the same thing.' },
  non_fqdn_reject_code: { defaultCode: '504', expect: 'permanent', whyPermanent: 'a name that is not fully qualified stays so when retried.' },
  plaintext_reject_code: { defaultCode: '450', expect: 'either' },
  smtpd_forbid_bare_newline_reject_code: { defaultCode: '550', expect: 'permanent', whyPermanent: 'postconf(5) asks for a 5xx code (521 to disconnect): a client that ends lines with a bare newline sends them the same way when it retries.' },
  reject_code: { defaultCode: '554', expect: 'permanent', whyPermanent: 'the "reject" restriction would make clients retry what will be refused again.' },
  relay_domains_reject_code: { defaultCode: '554', expect: 'permanent', whyPermanent: 'relay attempts (and open-relay probes) are retried instead of refused.' },
  unknown_address_reject_code: { defaultCode: '450', expect: 'either' },
  unknown_client_reject_code: { defaultCode: '450', expect: 'either' },
  unknown_hostname_reject_code: { defaultCode: '450', expect: 'either' },
  unknown_local_recipient_reject_code: { defaultCode: '550', expect: 'permanent', whyPermanent: UNKNOWN_RECIPIENT },
  unknown_relay_recipient_reject_code: { defaultCode: '550', expect: 'permanent', whyPermanent: UNKNOWN_RECIPIENT },
  unknown_virtual_alias_reject_code: { defaultCode: '550', expect: 'permanent', whyPermanent: UNKNOWN_RECIPIENT },
  unknown_virtual_mailbox_reject_code: { defaultCode: '550', expect: 'permanent', whyPermanent: UNKNOWN_RECIPIENT },
  unverified_recipient_reject_code: { defaultCode: '450', expect: 'either' },
  unverified_sender_reject_code: { defaultCode: '450', expect: 'either' },
  unverified_recipient_defer_code: { defaultCode: '450', expect: 'temporary-or-accept' },
  unverified_sender_defer_code: { defaultCode: '450', expect: 'temporary-or-accept' },
};

/** Parameters whose value is an access(5)-style action or reply template (`451 4.3.5 text`). */
export const ACTION_PARAMETERS: ReadonlySet<string> = new Set(['smtpd_policy_service_default_action', 'default_rbl_reply']);

/** How a parameter's value is read, or undefined when it holds no code. */
export function codeParameter(name: string): CodeParameter | undefined {
  const known = CODE_PARAMETERS[name];
  if (known) return known;
  // A parameter of a newer Postfix, or one of the site's own used as $name: judge the range only.
  if (/_reject_code$/.test(name)) return { defaultCode: '', expect: 'either' };
  if (/_defer_code$/.test(name)) return { defaultCode: '', expect: 'temporary' };
  return undefined;
}
