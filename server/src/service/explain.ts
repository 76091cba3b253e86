/**
 * Markdown explanations of codes and replies, shared by hovers, the lookup view and the CLI.
 */
import type { Catalog, CodeInfo } from './catalog';
import { withContext } from './logRecognizers';
import { classOf } from './codeSyntax';
import type { Reply } from './replyTypes';

const CLASS_WORDS: Record<CodeInfo['class'], string> = {
  success: 'success',
  intermediate: 'intermediate (the server waits for more)',
  transient: 'temporary failure',
  permanent: 'permanent failure',
};

const RETRY_WORDS: Record<CodeInfo['class'], string> = {
  success: 'nothing to do',
  intermediate: 'the client sends the next part',
  transient: 'the sending server keeps the message and retries',
  permanent: 'the sending server gives up; retrying unchanged will fail again',
};

/** "permanent failure (5xx): the sending server gives up; ..." */
export function classLine(info: CodeInfo): string {
  const digit = info.code[0];
  const family = info.kind === 'basic' ? `${digit}xx` : `${digit}.x.x`;
  return `${CLASS_WORDS[info.class]} (${family}): ${RETRY_WORDS[info.class]}`;
}

/**
 * When a reply's basic and enhanced codes disagree on the class ("450 5.7.1"): the basic code is
 * the one SMTP clients act on (RFC 5321), so it decides. Undefined when they agree.
 */
export function classConflictNote(a: CodeInfo, b: CodeInfo): string | undefined {
  const basic = a.kind === 'basic' ? a : b.kind === 'basic' ? b : undefined;
  const enhanced = a.kind === 'enhanced' ? a : b.kind === 'enhanced' ? b : undefined;
  if (!basic || !enhanced || basic.class === enhanced.class) return undefined;
  return `${basic.code} and ${enhanced.code} disagree: the sending side acts on the reply code ${basic.code} (RFC 5321), so this reply is a ${CLASS_WORDS[basic.class]}; the enhanced code's class says ${CLASS_WORDS[enhanced.class]}.`;
}

/** A one-line description of what a log line says happened: who rejected whom, after what. */
export function describeReply(reply: Reply): string | undefined {
  withContext(reply);
  const parts: string[] = [];
  const peer = reply.peer ? ` ${reply.peer}` : '';
  const after = reply.command ? ` after ${reply.command}` : '';
  switch (reply.direction) {
    case 'outbound':
      if (reply.class === 'success') parts.push(`The remote server${peer} accepted our mail${after}.`);
      else if (reply.status === 'expired' || (reply.status === 'failed' && classOf(reply.enhanced ?? '') === 'transient'))
        parts.push(`Our server gave up on this delivery after retrying: the message stayed undelivered too long and went back to the sender.`);
      else if (reply.status === 'deferred' && reply.class === 'transient' && classOf(reply.basic ?? reply.enhanced ?? '') === 'permanent')
        parts.push(`The remote server${peer} refused our mail${after}, but this system keeps it queued and retries (Postfix's soft_bounce, for example).`);
      else parts.push(`The remote server${peer} answered our mail${after}: outbound delivery, the other side ${reply.class === 'transient' ? 'deferred' : 'rejected'} it.`);
      break;
    case 'inbound':
      parts.push(
        reply.class === 'success'
          ? `Our server accepted the client${peer}${after}.`
          : `Our server ${reply.class === 'transient' ? 'deferred' : 'rejected'} the client${peer}${after}: inbound, this system made the decision.`,
      );
      break;
    default:
      if (reply.source === 'transcript') parts.push(`Server reply${reply.command ? ` to ${reply.command}` : ''} in an SMTP session.`);
      else if (peer || after) parts.push(`Reply from${peer || ' the server'}${after}.`);
  }
  if (reply.recipient) parts.push(`Recipient: \`${reply.recipient}\`.`);
  if (reply.status) parts.push(`Status: **${reply.status}**.`);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/** The full explanation of one code as markdown. `partner` is the other code on the same reply. */
export function explainCode(info: CodeInfo, options: { partner?: CodeInfo; context?: string; heading?: boolean } = {}): string {
  const out: string[] = [];
  const heading = options.heading === false ? '' : '### ';
  out.push(`${heading}${info.code} — ${info.title}`);
  out.push(`*${classLine(info)}*`);
  if (options.context) out.push(options.context);
  const conflict = options.partner && classConflictNote(info, options.partner);
  if (conflict) out.push(`**${conflict}**`);
  if (!info.standard) out.push(`**Not a standard code.** ${info.nonStandardNote ?? ''}`.trim());
  if (info.deprecated) out.push(`**Deprecated:** ${info.deprecated}`);
  if (info.unusualClass) out.push(`**Unusual class:** the registry does not list ${info.code[0]}.x.x for this code.`);
  out.push(info.explanation);
  if (info.providerUse) {
    const use = info.providerUse;
    out.push(`**${use.provider} uses ${info.code} for something else:** ${use.title.replace(/ \([^)]*\)$/, '')}. ${use.explanation}`);
  }
  if (info.subject && (!info.registered || info.provider)) out.push(`Subject: ${info.subject}`);
  if (info.causes.length > 0) out.push('**Typical causes**\n' + info.causes.map((c) => `- ${c}`).join('\n'));
  if (info.advice.sender === info.advice.admin) out.push(`**What to do:** ${info.advice.sender}`);
  else out.push(`**What to do**\n- *Sender:* ${info.advice.sender}\n- *Mail admin:* ${info.advice.admin}`);
  if (info.providerUse) {
    const { provider, advice } = info.providerUse;
    out.push(`**What to do if ${provider} sent it**\n- *Sender:* ${advice.sender}\n- *Mail admin:* ${advice.admin}`);
  }
  if (options.partner) out.push(`**On this reply with** ${options.partner.code} — ${options.partner.title}`);
  else if (info.associated.length > 0) out.push(`**Usually sent with:** ${info.associated.join(', ')}`);
  if (info.references.length > 0) {
    out.push('**References:** ' + info.references.map((r) => (r.url ? `[${r.label}](${r.url})` : r.label)).join(' · '));
  }
  return out.join('\n\n');
}

/** Explains every code mentioned in a text ("550-5.7.26 This mail..."), or undefined when there is none. */
export function explainCodes(catalog: Catalog, codes: string[]): string | undefined {
  const infos = codes.map((c) => catalog.lookup(c)).filter((i): i is CodeInfo => i !== undefined);
  if (infos.length === 0) return undefined;
  return infos
    .map((info, i) => explainCode(info, { partner: infos.length === 2 && infos[1 - i].kind !== info.kind ? infos[1 - i] : undefined }))
    .join('\n\n---\n\n');
}
