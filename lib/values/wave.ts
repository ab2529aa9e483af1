// WAVE (the WebAssembly Value Encoding of wasm-tools) text ⇄ our JSON mapping:
// the parser (./wave-parse.ts, over ./wave-scanner.ts) and the printer
// (./wave-print.ts), imported from here.

export { ValueError } from './errors';
export { parseWave, parseWaveArgs } from './wave-parse';
export { printWave } from './wave-print';
