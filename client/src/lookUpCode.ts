import * as vscode from 'vscode';
import { catalogData } from '../../server/src/catalogData';
import { Catalog, type CodeInfo } from '../../server/src/service/catalog';
import { codesInText, searchCodes } from '../../server/src/service/codeSearch';
import { explainCode, explainCodes } from '../../server/src/service/explain';
import type { ExplanationView } from './explanationView';

/** The catalogue lives in the client too: lookups work with no file open and no server. */
let catalog: Catalog | undefined;
export function clientCatalog(): Catalog {
  return (catalog ??= new Catalog(catalogData));
}

const CLASS_LABEL: Record<CodeInfo['class'], string> = {
  success: 'success',
  intermediate: 'intermediate',
  transient: 'temporary',
  permanent: 'permanent',
};

interface CodeItem extends vscode.QuickPickItem {
  info: CodeInfo;
}

function toItem(info: CodeInfo): CodeItem {
  return {
    label: info.code,
    description: `${CLASS_LABEL[info.class]} · ${info.title}`,
    detail: info.standard ? undefined : 'not a standard code',
    info,
    alwaysShow: true,
  };
}

/** SMTP: Look Up Code... — a quick pick over the catalogue, searched as the user types. */
export function registerLookUpCode(context: vscode.ExtensionContext, view: ExplanationView): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('smtpCodes.lookUpCode', async (initial?: string) => {
      const pick = vscode.window.createQuickPick<CodeItem>();
      pick.title = 'SMTP: Look Up Code';
      pick.placeholder = 'A code (550, 5.1.1, 5.1), words (mailbox full, spf, relay denied) or a whole reply line';
      pick.matchOnDescription = false;
      const update = () => {
        pick.items = searchCodes(clientCatalog(), pick.value, 100).map(toItem);
      };
      pick.onDidChangeValue(update);
      if (typeof initial === 'string') pick.value = initial;
      update();
      const chosen = await new Promise<CodeItem | undefined>((resolve) => {
        pick.onDidAccept(() => resolve(pick.selectedItems[0]));
        pick.onDidHide(() => resolve(undefined));
        pick.show();
      });
      const typed = pick.value;
      pick.dispose();
      if (!chosen) return;
      // A pasted reply line explains every code in it; a single pick explains that code.
      const codes = codesInText(typed);
      const markdown =
        codes.length > 1 && codes.includes(chosen.info.code)
          ? explainCodes(clientCatalog(), codes) ?? explainCode(chosen.info)
          : explainCode(chosen.info);
      await view.show(codes.length > 1 && codes.includes(chosen.info.code) ? codes.join(' ') : chosen.info.code, markdown);
    }),
  );
}
