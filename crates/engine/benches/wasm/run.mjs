// Times the wasm scanner from JavaScript: node crates/engine/benches/wasm/run.mjs <module.wasm>
import { readFileSync } from 'node:fs';

const module = await WebAssembly.compile(readFileSync(process.argv[2]));
// The engine needs no import; should the module declare any, calling one is an error.
const imports = {};
for (const imp of WebAssembly.Module.imports(module)) {
  imports[imp.module] ??= {};
  imports[imp.module][imp.name] = () => { throw new Error(`unexpected call to ${imp.name}`); };
}
const e = (await WebAssembly.instantiate(module, imports)).exports;
let t = performance.now();
const rules = e.compile_rules();
console.log(`compiled ${rules} rules in ${(performance.now() - t).toFixed(0)} ms`);
for (const mb of [1, 10, 50]) {
  const size = e.make_bundle(mb);
  // Wall time, and the process's CPU time (steadier on a busy machine).
  let best = Infinity, bestCpu = Infinity, findings = 0;
  for (let i = 0; i < (mb < 50 ? 3 : 2); i++) {
    t = performance.now();
    const cpu = process.cpuUsage();
    findings = e.scan();
    const used = process.cpuUsage(cpu);
    best = Math.min(best, performance.now() - t);
    bestCpu = Math.min(bestCpu, (used.user + used.system) / 1000);
  }
  const memory = e.memory.buffer.byteLength / 1048576;
  const rate = (ms) => (size / 1e6 / (ms / 1000)).toFixed(1);
  console.log(`bundle ${mb} MB: ${rate(best)} MB/s wall, ${rate(bestCpu)} MB/s CPU, ${findings} findings, wasm memory ${memory.toFixed(0)} MB`);
}
{
  // The database access analysis on a generated 5 MB schema dump.
  const size = e.make_dump(5);
  let best = Infinity, bestCpu = Infinity, findings = 0;
  for (let i = 0; i < 3; i++) {
    t = performance.now();
    const cpu = process.cpuUsage();
    findings = e.access();
    const used = process.cpuUsage(cpu);
    best = Math.min(best, performance.now() - t);
    bestCpu = Math.min(bestCpu, (used.user + used.system) / 1000);
  }
  console.log(`access, ${(size / 1048576).toFixed(2)} MB dump: ${best.toFixed(0)} ms wall, ${bestCpu.toFixed(0)} ms CPU, ${findings} findings`);
}
