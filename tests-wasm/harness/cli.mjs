// Runs the native CLI (target/debug/metis-lightnode, built by scripts/test.sh) and collects its output.
import { spawn } from 'node:child_process';

export const bin = new URL('../../target/debug/metis-lightnode', import.meta.url).pathname;

/** Resolves to `{code, stdout, stderr}` once the command exits. */
export function runCli(args) {
  return new Promise((resolve) => {
    const child = spawn(bin, args);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
