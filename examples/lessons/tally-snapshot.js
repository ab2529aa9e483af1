
// Golem's snapshot interfaces: the runtime saves this state every
// PLAYGROUND_SNAPSHOT_EVERY entries, and recovery loads the newest snapshot,
// then replays only what followed it.
function encode(s) {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export const saveSnapshot = {
  save() {
    return encode(total + ':' + calls);
  },
};

export const loadSnapshot = {
  load(bytes) {
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    const [t, c] = s.split(':');
    if (c === undefined) throw 'not a tally snapshot: ' + s;
    total = Number(t);
    calls = Number(c);
  },
};
