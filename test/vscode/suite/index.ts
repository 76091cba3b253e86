/** Mocha entry loaded by VS Code's extension test host. */
import Mocha from 'mocha';
import { registerScenarios } from './scenarios';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30000, color: true });
  mocha.suite.emit('pre-require', globalThis, 'scenarios', mocha);
  registerScenarios();
  return new Promise((resolve, reject) => mocha.run((failures) => (failures ? reject(new Error(`${failures} test(s) failed`)) : resolve())));
}
