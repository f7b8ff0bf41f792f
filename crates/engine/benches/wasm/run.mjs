// Times the wasm scanner from JavaScript: node crates/engine/benches/wasm/run.mjs <module.wasm> [MB,MB...]
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
if (process.env.WARM_UP) {
  t = performance.now();
  const n = e.warm_up();
  console.log(`warmed up in ${n} steps, ${(performance.now() - t).toFixed(0)} ms, wasm memory ${(e.memory.buffer.byteLength / 1048576).toFixed(0)} MB`);
}
// Sizes in MB, in order (the first one's first scan compiles the regexes): `10,1,50`.
const sizes = (process.argv[3] ?? '1,10,50').split(',').map(Number);
for (const mb of sizes) {
  const size = e.make_bundle(mb);
  // Wall time, and the process's CPU time (steadier on a busy machine).
  let best = Infinity, bestCpu = Infinity, findings = 0, first = null;
  for (let i = 0; i < (mb < 50 ? 3 : 2); i++) {
    t = performance.now();
    const cpu = process.cpuUsage();
    findings = e.scan();
    const used = process.cpuUsage(cpu);
    // The first scan of the run also compiles the regexes its keyword hits need.
    first ??= { wall: performance.now() - t, cpu: (used.user + used.system) / 1000 };
    best = Math.min(best, performance.now() - t);
    bestCpu = Math.min(bestCpu, (used.user + used.system) / 1000);
  }
  const memory = e.memory.buffer.byteLength / 1048576;
  const rate = (ms) => (size / 1e6 / (ms / 1000)).toFixed(1);
  console.log(`bundle ${mb} MB: ${rate(best)} MB/s wall, ${rate(bestCpu)} MB/s CPU, ${findings} findings, wasm memory ${memory.toFixed(0)} MB; first scan ${first.wall.toFixed(0)} ms wall, ${first.cpu.toFixed(0)} ms CPU`);
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
