import { parseAllDocuments, LineCounter, Parser, Lexer } from 'yaml';
import { readFileSync } from 'node:fs';
const t = readFileSync(process.argv[2], 'utf8');
for (let i = 0; i < 4; i++) { let t0 = performance.now(); const lex = [...new Lexer().lex(t)].length; const tl = performance.now() - t0; t0 = performance.now(); const toks = [...new Parser().parse(t)].length; const tp = performance.now() - t0; t0 = performance.now(); parseAllDocuments(t, { version: '1.1', schema: 'failsafe', uniqueKeys: false, merge: false, prettyErrors: false }); console.log('lex', tl.toFixed(1), 'parse', tp.toFixed(1), 'all', (performance.now() - t0).toFixed(1)); }
