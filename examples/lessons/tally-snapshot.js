
// Golem's snapshot interfaces (golem:api 1.5: a snapshot record with a mime
// type): the runtime saves this state every PLAYGROUND_SNAPSHOT_EVERY entries,
// and recovery loads the newest snapshot, then replays only what followed it.
function encode(s) {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export const saveSnapshot = {
  save() {
    return { payload: encode(total + ':' + calls), mimeType: 'text/plain' };
  },
};

export const loadSnapshot = {
  load(snapshot) {
    let s = '';
    for (const b of snapshot.payload) s += String.fromCharCode(b);
    const [t, c] = s.split(':');
    if (c === undefined) throw 'not a tally snapshot: ' + s;
    total = Number(t);
    calls = Number(c);
  },
};
