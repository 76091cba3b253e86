/**
 * smtp-codes: the command-line front of the language service.
 *   smtp-codes explain <code | reply line> [--json]
 *   smtp-codes search <words...> [--json]
 *   smtp-codes scan <file...> [--json | --failures] [--mode log|transcript] [--jobs N]
 */
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { constants } from 'node:os';
import { START_FLAGS, startedWithFlags } from '../../server/src/node/v8Flags';
import { catalogData } from '../../server/src/catalogData';
import { Catalog, type CodeInfo } from '../../server/src/service/catalog';
import { codesInText, searchCodes } from '../../server/src/service/codeSearch';
import { codeJson, codeText, wrap } from './format';
import { classConflictNote } from '../../server/src/service/explain';
import { outputClosed } from './output';
import { runScan } from './scanCommand';

const HELP = `smtp-codes: explain SMTP reply codes (550) and enhanced status codes (5.1.1)

Usage:
  smtp-codes explain <code | reply line> [--json]   explain a code, or every code in a pasted reply
  smtp-codes search <words...> [--json]             find codes by number, prefix (5.1) or words (mailbox full)
  smtp-codes scan <file...> [options]               find failures in mail logs of any size (gzip too)
  smtp-codes --help | --version

Scan options:
  --json               one JSON summary on stdout
  --failures           one line per failure: file:line:column: class code text (machine-friendly)
  --mode log|transcript  how to read the files (default: log)
  --top N              how many hosts/reasons to list (default 10)
  -j, --jobs N         threads for a large file (default: the CPU count, at most 4); parts are
                       cut where one thread ends a chunk, so the failures found are the same
  --progress, --no-progress   a progress line on stderr (default: when stderr is a terminal)
A file named - is standard input (zcat mail.log.2.gz | smtp-codes scan -).

Exit status: 0 success; 1 unknown or malformed code, nothing found, or a file could not be read;
  scan: 0 no permanent failures, 3 permanent failures found, 1 error; 2 bad usage;
  141 when the output's reader stopped early (| head), as for programs SIGPIPE ends.`;

/** Stops the command with a message; the process ends with `status` once its output is written. */
class CliFailure extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

function fail(message: string, status = 1): never {
  throw new CliFailure(message, status);
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        failures: { type: 'boolean' },
        mode: { type: 'string' },
        top: { type: 'string' },
        jobs: { type: 'string', short: 'j' },
        progress: { type: 'boolean' },
        'no-progress': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\nRun "smtp-codes --help" for usage.`, 2);
  }
  const { values, positionals } = parsed;
  if (values.version) {
    process.stdout.write('smtp-codes 0.1.0\n');
    return 0;
  }
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(HELP + '\n');
    return values.help ? 0 : 2;
  }
  const catalog = new Catalog(catalogData);
  const print = (text: string) => process.stdout.write(text + '\n');

  switch (command) {
    case 'explain': {
      const input = rest.join(' ').trim();
      if (!input) fail('explain needs a code, e.g. "smtp-codes explain 550" or "smtp-codes explain 5.1.1".', 2);
      const codes = codesInText(input);
      const infos = (codes.length ? codes : [input]).map((code) => ({ code, info: catalog.lookup(code) }));
      const unknown = infos.filter((i) => !i.info);
      if (unknown.length === infos.length) {
        // A prefix ("5.1", "55") or words are what `search` takes.
        const hint = /^[2-5](?:\.\d{1,3}|\d)?$/.test(input) || /[a-z]{3}/i.test(input) ? `\nTo list the codes it could mean: smtp-codes search ${input}` : '';
        fail(`"${input}" is not an SMTP reply code (three digits, 2xx-5xx, like 550) or an enhanced status code (class.subject.detail, like 5.1.1).${hint}`);
      }
      const found = infos.map((i) => i.info).filter((i): i is CodeInfo => i !== undefined);
      if (values.json) print(JSON.stringify(found.length === 1 ? codeJson(found[0]) : found.map(codeJson), null, 2));
      else {
        const conflict = found.length === 2 ? classConflictNote(found[0], found[1]) : undefined;
        print((conflict ? `${wrap(conflict, '')}\n\n` : '') + found.map(codeText).join('\n\n'));
      }
      return 0;
    }
    case 'search': {
      const query = rest.join(' ').trim();
      if (!query) fail('search needs words or a code, e.g. "smtp-codes search mailbox full".', 2);
      const results = searchCodes(catalog, query, 50);
      if (values.json) print(JSON.stringify(results.map(codeJson), null, 2));
      else if (results.length === 0) fail(`nothing in the catalogue matches "${query}".`);
      else print(results.map((r) => `${r.code.padEnd(8)} ${r.class.padEnd(12)} ${r.title}${r.standard ? '' : '  (not standard)'}`).join('\n'));
      return results.length > 0 ? 0 : 1;
    }
    case 'scan':
      return runScan(catalog, rest, {
        json: values.json === true,
        failures: values.failures === true,
        mode: values.mode,
        top: values.top,
        jobs: values.jobs,
        progress: values['no-progress'] ? false : values.progress,
      });
    default:
      fail(`unknown command "${command}". Run "smtp-codes --help" for usage.`, 2);
  }
}

/** The command, in a process that has the V8 flags it needs (`v8Flags.ts`). */
function run(): void {
  // A reader that stops early (`| head`) closes the pipe: stop quietly, with the status a program
  // ended by SIGPIPE has, as grep does. Node ignores SIGPIPE, so the write fails instead.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (outputClosed.signal.aborted) return;
    if (error.code !== 'EPIPE') process.stderr.write(`smtp-codes: cannot write the output: ${error.message}\n`);
    process.exitCode = error.code === 'EPIPE' ? 141 : 1;
    outputClosed.abort();
  });

  // The exit status is set, not forced with process.exit: output to a pipe is written
  // asynchronously, and exiting at once cut off all but the first ~64 KB of a long --failures list.
  main(process.argv.slice(2)).then(
    (status) => {
      // Output that could not be written decides the status (141, or 1).
      if (!outputClosed.signal.aborted) process.exitCode = status;
    },
    (error) => {
      const known = error instanceof CliFailure;
      process.stderr.write(`smtp-codes: ${known ? error.message : `internal error: ${error instanceof Error ? error.stack : String(error)}`}\n`);
      process.exitCode = known ? error.status : 1;
    },
  );
}

/**
 * Started without them (`node dist/cli.js`, the bin's plain shebang): the same command again in a
 * process that has them, sharing this one's standard streams; its exit status is this one's.
 */
function runAgainWithFlags(): void {
  const child = spawnSync(process.execPath, [...process.execArgv, ...START_FLAGS, ...process.argv.slice(1)], { stdio: 'inherit' });
  if (child.error) {
    // Could not start a second process: run here, without the flags.
    run();
    return;
  }
  process.exitCode = child.status ?? (child.signal ? 128 + (constants.signals[child.signal] ?? 0) : 1);
}

if (startedWithFlags()) run();
else runAgainWithFlags();
