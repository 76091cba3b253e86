// Shows the built extension working without an editor: packages the .vsix, starts the real
// language server over stdio on samples/mail.log, prints its diagnostics and a hover, and runs the CLI.
// Usage: npm run demo   (builds first)
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');

const heading = (text) => console.log(`\n\x1b[1m== ${text}\x1b[0m`);

heading('Packaging the extension');
execFileSync(process.execPath, [join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '-o', 'smtp-codes.vsix'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
console.log(`smtp-codes.vsix  ${(statSync(join(root, 'smtp-codes.vsix')).size / 1024).toFixed(0)} KiB  (install: code --install-extension smtp-codes.vsix)`);

heading('Language server on samples/mail.log (node dist/server.js --stdio)');
const sample = join(root, 'samples/mail.log');
const text = readFileSync(sample, 'utf8');
const uri = pathToFileURL(sample).href;
const server = spawn(process.execPath, [join(root, 'dist/server.js'), '--stdio'], { stdio: 'pipe' });
const connection = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
const diagnostics = new Promise((resolve) => connection.onNotification('textDocument/publishDiagnostics', (p) => p.uri === uri && resolve(p.diagnostics)));
connection.onRequest('workspace/configuration', (p) => p.items.map(() => ({})));
connection.onRequest('client/registerCapability', () => null);
connection.listen();
await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
connection.sendNotification('initialized', {});
connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'mail-log', version: 1, text } });
const severity = { 1: 'error  ', 2: 'warning', 3: 'info   ', 4: 'hint   ' };
for (const d of await diagnostics) {
  console.log(`samples/mail.log:${d.range.start.line + 1}:${d.range.start.character + 1}  ${severity[d.severity]}  ${d.message.slice(0, 150)}`);
}
const lines = text.split('\n');
const line = lines.findIndex((l) => l.includes('said: 550'));
const hover = await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: lines[line].indexOf('said: 550') + 7 } });
heading(`Hover on the 550 of line ${line + 1}`);
console.log(hover.contents.value.split('\n').slice(0, 14).join('\n'));
await connection.sendRequest('shutdown');
connection.sendNotification('exit');

heading('CLI: smtp-codes explain "452 4.2.2"');
console.log(execFileSync(process.execPath, [join(root, 'dist/cli.js'), 'explain', '452 4.2.2'], { encoding: 'utf8' }).split('\n').slice(0, 12).join('\n'));
heading('CLI: smtp-codes scan samples/mail.log');
try {
  console.log(execFileSync(process.execPath, [join(root, 'dist/cli.js'), 'scan', sample], { encoding: 'utf8' }));
} catch (error) {
  // Exit status 3 means "permanent failures found": the report is still on stdout.
  console.log(error.stdout);
}
