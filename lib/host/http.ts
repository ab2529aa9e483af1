// wasi:http outgoing requests. Building a request is plain in-memory
// bookkeeping; the one non-deterministic step, sending it and reading the
// whole response, is a single durable call, so replay never sends it again.

import { HostError, type HostContext, type HttpRequestData, type HttpResponseData } from './context';
import { InputStream, IoError, OutputStream, Pollable, bufferSource } from './io';

type Method = { tag: string; val?: string };
type Scheme = { tag: 'HTTP' | 'HTTPS' | 'other'; val?: string };
type ErrorCode = { tag: string; val?: unknown };

const enc = new TextEncoder();
const dec = new TextDecoder();
const FORBIDDEN = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host', 'http2-settings']);
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export class Fields {
  entriesList: [string, Uint8Array][] = [];
  immutable = false;
  static fromList(entries: [string, Uint8Array][]): Fields {
    const f = new Fields();
    for (const [k, v] of entries) f.append(k, v);
    return f;
  }
  private check(name: string): string {
    if (this.immutable) throw new HostError({ tag: 'immutable' });
    if (!TOKEN.test(name)) throw new HostError({ tag: 'invalid-syntax' });
    if (FORBIDDEN.has(name.toLowerCase())) throw new HostError({ tag: 'forbidden' });
    return name.toLowerCase();
  }
  get(name: string): Uint8Array[] {
    const n = name.toLowerCase();
    return this.entriesList.filter(([k]) => k === n).map(([, v]) => v);
  }
  has(name: string): boolean {
    return this.get(name).length > 0;
  }
  set(name: string, values: Uint8Array[]): void {
    const n = this.check(name);
    this.entriesList = this.entriesList.filter(([k]) => k !== n).concat(values.map((v) => [n, v] as [string, Uint8Array]));
  }
  delete(name: string): void {
    const n = this.check(name);
    this.entriesList = this.entriesList.filter(([k]) => k !== n);
  }
  append(name: string, value: Uint8Array): void {
    this.entriesList.push([this.check(name), value]);
  }
  entries(): [string, Uint8Array][] {
    return this.entriesList.map(([k, v]) => [k, v]);
  }
  clone(): Fields {
    const f = new Fields();
    f.entriesList = this.entries();
    return f;
  }
}

export class OutgoingBody {
  chunks: Uint8Array[] = [];
  finished = false;
  private stream?: OutputStream;
  write(): OutputStream {
    if (this.stream) throw new HostError(undefined);
    this.stream = new OutputStream({ write: (b) => this.chunks.push(b.slice()) });
    return this.stream;
  }
  static finish(body: OutgoingBody): void {
    body.finished = true;
  }
  bytes(): Uint8Array {
    return Buffer.concat(this.chunks);
  }
}

export class OutgoingRequest {
  private m: Method = { tag: 'get' };
  private path?: string;
  private sch?: Scheme;
  private auth?: string;
  private bodyRes?: OutgoingBody;
  constructor(readonly headersRes: Fields) {
    headersRes.immutable = true;
  }
  body(): OutgoingBody {
    if (this.bodyRes) throw new HostError(undefined);
    this.bodyRes = new OutgoingBody();
    return this.bodyRes;
  }
  method(): Method {
    return this.m;
  }
  setMethod(m: Method): void {
    this.m = m;
  }
  pathWithQuery(): string | undefined {
    return this.path;
  }
  setPathWithQuery(p?: string): void {
    this.path = p;
  }
  scheme(): Scheme | undefined {
    return this.sch;
  }
  setScheme(s?: Scheme): void {
    this.sch = s;
  }
  authority(): string | undefined {
    return this.auth;
  }
  setAuthority(a?: string): void {
    this.auth = a;
  }
  headers(): Fields {
    return this.headersRes;
  }

  toData(): HttpRequestData {
    const scheme = this.sch?.tag === 'other' ? this.sch.val : (this.sch?.tag ?? 'HTTPS').toLowerCase();
    const method = this.m.tag === 'other' ? String(this.m.val) : this.m.tag.toUpperCase();
    return {
      method,
      url: `${scheme}://${this.auth ?? ''}${this.path ?? '/'}`,
      headers: this.headersRes.entriesList.map(([k, v]) => [k, dec.decode(v)]),
      body: Buffer.from(this.bodyRes?.bytes() ?? new Uint8Array()).toString('base64'),
    };
  }
}

export class RequestOptions {
  private t: Record<string, bigint | undefined> = {};
  connectTimeout() {
    return this.t.c;
  }
  setConnectTimeout(d?: bigint) {
    this.t.c = d;
  }
  firstByteTimeout() {
    return this.t.f;
  }
  setFirstByteTimeout(d?: bigint) {
    this.t.f = d;
  }
  betweenBytesTimeout() {
    return this.t.b;
  }
  setBetweenBytesTimeout(d?: bigint) {
    this.t.b = d;
  }
}

export class FutureTrailers {
  private taken = false;
  subscribe(): Pollable {
    return new Pollable();
  }
  get() {
    if (this.taken) return { tag: 'err', val: undefined };
    this.taken = true;
    return { tag: 'ok', val: { tag: 'ok', val: undefined } };
  }
}

export class IncomingBody {
  private streamRes?: InputStream;
  constructor(readonly bytes: Uint8Array) {}
  stream(): InputStream {
    if (this.streamRes) throw new HostError(undefined);
    this.streamRes = new InputStream(bufferSource(this.bytes));
    return this.streamRes;
  }
  static finish(_body: IncomingBody): FutureTrailers {
    return new FutureTrailers();
  }
}

export class IncomingResponse {
  private consumed = false;
  constructor(
    readonly statusCode: number,
    readonly headersRes: Fields,
    readonly body: Uint8Array,
  ) {
    headersRes.immutable = true;
  }
  status(): number {
    return this.statusCode;
  }
  headers(): Fields {
    return this.headersRes;
  }
  consume(): IncomingBody {
    if (this.consumed) throw new HostError(undefined);
    this.consumed = true;
    return new IncomingBody(this.body);
  }
}

export class FutureIncomingResponse {
  private outcome?: HttpResponseData;
  private taken = false;
  constructor(private readonly send: () => HttpResponseData) {}
  /** Sends on first need: by then the guest has written and finished the body. */
  private ensure(): HttpResponseData {
    this.outcome ??= this.send();
    return this.outcome;
  }
  subscribe(): Pollable {
    return new Pollable(undefined, () => this.ensure());
  }
  get() {
    const o = this.ensure();
    if (this.taken) return { tag: 'err', val: undefined };
    this.taken = true;
    if ('error' in o) return { tag: 'ok', val: { tag: 'err', val: errorCode(o) } };
    // Response headers come from the host: no guest-side validation (they may hold `connection` etc.).
    const headers = new Fields();
    headers.entriesList = o.headers.map(([k, v]) => [k.toLowerCase(), enc.encode(v)]);
    return { tag: 'ok', val: { tag: 'ok', val: new IncomingResponse(o.status, headers, Buffer.from(o.body, 'base64')) } };
  }
}

export class IncomingRequest {}
export class OutgoingResponse {}
export class ResponseOutparam {
  static set(): void {}
}

function errorCode(o: { error: string; message: string }): ErrorCode {
  switch (o.error) {
    case 'connection-refused':
    case 'connection-timeout':
    case 'HTTP-request-URI-invalid':
    case 'destination-not-found':
    case 'HTTP-request-denied':
    case 'HTTP-protocol-error':
      return { tag: o.error };
    case 'HTTP-response-body-size':
    case 'HTTP-request-header-section-size':
      return { tag: o.error, val: undefined };
    default:
      return { tag: 'internal-error', val: o.message };
  }
}

export function httpImports(ctx: HostContext) {
  return {
    'wasi:http/types': {
      Fields,
      IncomingRequest,
      OutgoingRequest,
      RequestOptions,
      ResponseOutparam,
      IncomingResponse,
      IncomingBody,
      FutureTrailers,
      OutgoingResponse,
      OutgoingBody,
      FutureIncomingResponse,
      httpErrorCode: (_e: IoError) => undefined,
    },
    'wasi:http/outgoing-handler': {
      handle(request: OutgoingRequest, _options?: RequestOptions): FutureIncomingResponse {
        if (!request.authority()) throw new HostError({ tag: 'HTTP-request-URI-invalid' });
        return new FutureIncomingResponse(() => {
          const data = request.toData();
          return ctx.durable('wasi:http/outgoing-handler.handle', 'write-remote', data, () => ctx.httpRequest(data));
        });
      },
    },
  };
}
