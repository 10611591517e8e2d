// Many questions to TypeScript 7's Go process in one flight. Its synchronous API waits for each answer before it
// sends the next question: ~50 µs of round trip per call, and a cold `check` asks ~10,000 of them (a shape walk
// asks per type). Sent back to back, the Go process answers while we send, and a call costs half that.
//
// The API's own methods still build each request and read each answer (record, send, replay): every call in a
// flight runs twice. The first run stops at its request (recorded, not sent); the requests go out together; the
// second run gets its recorded answer instead of a round trip. A call that asks nothing (answered from the API's
// own caches) returns at once in the first run. This reads the channel's private framing (pinned typescript@7.0.2,
// `unstable` API): `pipelineOf` says null when it is not there, and the calls then go one at a time.

/** The pieces of the sync API's client and channel (typescript-native/dist/api/sync/client.js, syncChannel.js) used here. */
interface SyncClient {
  apiRequest(method: string, params: unknown): unknown;
  apiRequestBinary(method: string, params: unknown): Uint8Array | undefined;
  channel?: SyncChannel;
}

interface SyncChannel {
  pipeFd?: number;
  _msgType: number;
  _msgName: Buffer;
  _msgPayload: Buffer;
  ensureOpen(): void;
  writeAllBuf(data: Uint8Array, length?: number): void;
  readTuple(): void;
  handleCall(name: string, payload: Buffer): void;
}

// Message types of the channel's tuple protocol (syncChannel.js).
const MSG_REQUEST = 1;
const MSG_RESPONSE = 4;
const MSG_ERROR = 5;
const MSG_CALL = 6;

/**
 * Bytes of requests written before the answers are read. The Go process stops reading while its answers are not
 * read, so one flight must fit in the socket's buffer, which also counts each write's overhead: one write per
 * flight, and far below the ~200 kB a Unix socket takes (small writes in a loop deadlocked at a few hundred).
 */
const FLIGHT_BYTES = 24 * 1024;

const RECORDED = Symbol('recorded');

interface Request {
  method: string;
  /** The JSON parameters, and their length in UTF-8 bytes. */
  payload: string;
  bytes: number;
  binary: boolean;
}

type Answer = { bytes: Buffer } | { text: string } | { error: string };

export interface Pipeline {
  /** Runs the calls (each asks the Go process at most one question; more are asked one at a time), in order. */
  run<T>(calls: ReadonlyArray<() => T>): T[];
  /** Requests sent in flights so far (the bench and tests read it). */
  readonly sent: number;
}

/** A pipeline over the API's client, or null when the channel is not the one this was written for (or on Windows's named pipe). */
export function pipelineOf(client: unknown): Pipeline | null {
  const c = client as SyncClient;
  const ch = c?.channel;
  const fits = ch && typeof ch.writeAllBuf === 'function' && typeof ch.readTuple === 'function' && typeof ch.handleCall === 'function'
    && typeof ch.ensureOpen === 'function' && typeof c.apiRequest === 'function' && typeof c.apiRequestBinary === 'function' && ch.pipeFd === undefined;
  return fits ? new ChannelPipeline(c, ch) : null;
}

class ChannelPipeline implements Pipeline {
  sent = 0;
  /** Frames of one flight are written here, back to back (no buffer per request). */
  private flight = Buffer.allocUnsafe(FLIGHT_BYTES);
  private readonly names = new Map<string, Buffer>();

  constructor(private readonly client: SyncClient, private readonly channel: SyncChannel) {}

  run<T>(calls: ReadonlyArray<() => T>): T[] {
    if (calls.length <= 1) return calls.map((f) => f());
    const out = new Array<T>(calls.length);
    /** Each call's request, by index into `asked`: the same question from two calls is asked once. */
    const slot = new Array<number>(calls.length).fill(-1);
    const asked: Request[] = [];
    const seen = new Map<string, number>();
    // First run: record each call's request (or keep its result when it asked nothing).
    const restore = this.intercept((binary, method, params) => {
      // A plain object, not an Error: no stack trace to capture, ten thousand times.
      throw { [RECORDED]: { method, payload: JSON.stringify(params), binary } };
    });
    try {
      calls.forEach((f, i) => {
        try {
          out[i] = f();
        } catch (error) {
          const r = (error as { [RECORDED]?: { method: string; payload: string; binary: boolean } })?.[RECORDED];
          if (!r) throw error;
          const key = `${r.binary ? 'b' : 'j'}${r.method}\0${r.payload}`;
          let at = seen.get(key);
          if (at === undefined) {
            at = asked.push({ method: r.method, payload: r.payload, bytes: Buffer.byteLength(r.payload), binary: r.binary }) - 1;
            seen.set(key, at);
          }
          slot[i] = at;
        }
      });
    } finally {
      restore();
    }
    const answers = this.send(asked);
    // Second run: each call gets its answer; anything more it asks goes the usual way.
    let pending: Answer | undefined;
    const restore2 = this.intercept((binary, method, params, usual) => {
      const a = pending;
      pending = undefined;
      if (!a) return usual(method, params);
      if ('error' in a) throw new Error(a.error);
      if ('bytes' in a) return a.bytes.length === 0 ? undefined : a.bytes;
      return a.text.length ? JSON.parse(a.text) : undefined;
    });
    try {
      calls.forEach((f, i) => {
        if (slot[i] === -1) return;
        pending = answers[slot[i]!];
        out[i] = f();
      });
    } finally {
      restore2();
    }
    return out;
  }

  /** Puts f in front of the client's two request methods; returns what puts the previous ones back. */
  private intercept(f: (binary: boolean, method: string, params: unknown, usual: (method: string, params: unknown) => unknown) => unknown): () => void {
    const c = this.client as unknown as Record<string, unknown>;
    const own = (['apiRequest', 'apiRequestBinary'] as const).map((name) => [name, Object.getOwnPropertyDescriptor(c, name)] as const);
    const json = this.client.apiRequest.bind(this.client);
    const binary = this.client.apiRequestBinary.bind(this.client);
    c.apiRequest = (method: string, params: unknown) => f(false, method, params, json);
    c.apiRequestBinary = (method: string, params: unknown) => f(true, method, params, binary);
    return () => {
      for (const [name, d] of own) {
        if (d) Object.defineProperty(c, name, d);
        else delete c[name];
      }
    };
  }

  /** Sends the requests in flights of up to FLIGHT_BYTES and reads every answer (errors too, so the channel stays in step). */
  private send(requests: readonly Request[]): Answer[] {
    this.channel.ensureOpen();
    const answers: Answer[] = [];
    for (let i = 0; i < requests.length;) {
      let bytes = 0;
      let j = i;
      for (; j < requests.length; j++) {
        const r = requests[j]!;
        const name = this.nameOf(r.method);
        const size = frameSize(name.length, r.bytes);
        if (bytes + size > FLIGHT_BYTES) {
          if (j > i) break;
          // One request larger than a flight (a big batch) goes alone, from a buffer of its own.
          this.flight = Buffer.allocUnsafe(size);
        }
        bytes = writeFrame(this.flight, bytes, name, r);
      }
      this.channel.writeAllBuf(this.flight, bytes);
      if (this.flight.length > FLIGHT_BYTES) this.flight = Buffer.allocUnsafe(FLIGHT_BYTES);
      this.sent += j - i;
      for (; i < j; i++) answers.push(this.read(requests[i]!));
    }
    return answers;
  }

  private nameOf(method: string): Buffer {
    let name = this.names.get(method);
    if (!name) this.names.set(method, (name = Buffer.from(method, 'utf8')));
    return name;
  }

  private read(request: Request): Answer {
    const ch = this.channel;
    const method = request.method;
    for (;;) {
      ch.readTuple();
      const name = ch._msgName.toString('utf8');
      if (ch._msgType === MSG_CALL) {
        // The Go process asks for a file (the language server's unsaved buffers): answered inline, as the API does.
        ch.handleCall(name, ch._msgPayload);
        continue;
      }
      if (name !== method) throw new Error(`TypeScript 7 answered ${name} to ${method}: the request pipeline is out of step`);
      // The payload may be a view of the channel's read buffer: copied (binary) or decoded before the next read.
      if (ch._msgType === MSG_RESPONSE) return request.binary ? { bytes: Buffer.from(ch._msgPayload) } : { text: ch._msgPayload.toString('utf8') };
      if (ch._msgType === MSG_ERROR) return { error: ch._msgPayload.toString('utf8') };
      throw new Error(`TypeScript 7 sent message type ${ch._msgType}`);
    }
  }
}

function binHeader(n: number): number {
  return n < 0x100 ? 2 : n < 0x10000 ? 3 : 5;
}

function frameSize(name: number, payload: number): number {
  return 2 + binHeader(name) + name + binHeader(payload) + payload;
}

/** One MessagePack tuple [MSG_REQUEST, bin(method), bin(payload)] at o, as the channel's writeTuple writes it; returns its end. */
function writeFrame(buf: Buffer, o: number, name: Buffer, r: Request): number {
  buf[o++] = 0x93;
  buf[o++] = MSG_REQUEST;
  o = writeBin(buf, o, name.length);
  name.copy(buf, o);
  o += name.length;
  o = writeBin(buf, o, r.bytes);
  return o + buf.write(r.payload, o, r.bytes, 'utf8');
}

function writeBin(buf: Buffer, o: number, n: number): number {
  if (n < 0x100) {
    buf[o] = 0xc4;
    buf[o + 1] = n;
    return o + 2;
  }
  if (n < 0x10000) {
    buf[o] = 0xc5;
    buf.writeUInt16BE(n, o + 1);
    return o + 3;
  }
  buf[o] = 0xc6;
  buf.writeUInt32BE(n, o + 1);
  return o + 5;
}
