import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo, Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { eventually } from './eventually.js';

interface ProtoMessage {
  decode(bytes: Uint8Array): object;
  encode(message: object): { finish(): Uint8Array };
  toObject(message: object, options: object): unknown;
}

/**
 * The official OTLP definitions: protobufjs code generated from opentelemetry-proto, as shipped by
 * `@opentelemetry/otlp-transformer` (0.210, a recent release that ships it with Span.flags; installed as the devDependency alias
 * `otlp-transformer-protos`). The exporters under test are the current ones; only the decoding side comes from here.
 */
const root = createRequire(import.meta.url)('otlp-transformer-protos/build/src/generated/root.js') as {
  opentelemetry: {
    proto: { collector: { trace: { v1: { ExportTraceServiceRequest: ProtoMessage; ExportTraceServiceResponse: ProtoMessage } } } };
  };
};
const { ExportTraceServiceRequest, ExportTraceServiceResponse } = root.opentelemetry.proto.collector.trace.v1;
/** 64-bit integers as strings, enums by name, the set field of each oneof named in `value`, bytes as buffers. */
const TO_OBJECT = { longs: String, enums: String, defaults: true, oneofs: true };

/** A decoded attribute value, as OTLP's AnyValue flattened to a JS value. */
type Value = string | number | boolean | Value[] | undefined;

export interface ReceivedSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  kind: string;
  flags: number;
  status: { code: string; message: string };
  attributes: Record<string, Value>;
  scope: string;
  resource: Record<string, Value>;
}

/** One decoded ExportTraceServiceRequest, with its transport headers (HTTP) or metadata (gRPC). */
export interface ReceivedExport {
  headers: Record<string, string>;
  spans: ReceivedSpan[];
  /** The whole request as decoded (events, links, status messages, resource included): what a backend would store. */
  decoded: unknown;
}

interface AnyValue {
  value?: string;
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string;
  doubleValue?: number;
  arrayValue?: { values: AnyValue[] };
}

interface KeyValue {
  key: string;
  value?: AnyValue;
}

function valueOf(v: AnyValue | undefined): Value {
  switch (v?.value) {
    case 'stringValue':
      return v.stringValue;
    case 'boolValue':
      return v.boolValue;
    case 'intValue':
      return Number(v.intValue);
    case 'doubleValue':
      return v.doubleValue;
    case 'arrayValue':
      return v.arrayValue?.values.map(valueOf);
    default:
      return undefined;
  }
}

const attributesOf = (kvs: KeyValue[] | undefined) => Object.fromEntries((kvs ?? []).map((kv) => [kv.key, valueOf(kv.value)]));
const hex = (b: Uint8Array | undefined) => (b ? Buffer.from(b).toString('hex') : '');

interface DecodedRequest {
  resourceSpans: {
    resource?: { attributes: KeyValue[] };
    scopeSpans: {
      scope?: { name: string };
      spans: {
        name: string;
        traceId: Uint8Array;
        spanId: Uint8Array;
        parentSpanId: Uint8Array;
        kind: string;
        flags: number;
        status?: { code: string; message: string };
        attributes: KeyValue[];
      }[];
    }[];
  }[];
}

/** The whole ExportTraceServiceRequest, decoded with the official definitions into plain objects. */
export function decodeExportRequestFully(body: Buffer): unknown {
  return ExportTraceServiceRequest.toObject(ExportTraceServiceRequest.decode(body), TO_OBJECT);
}

/** Decodes an ExportTraceServiceRequest with the official definitions. */
export function decodeExportRequest(body: Buffer): ReceivedSpan[] {
  const request = ExportTraceServiceRequest.toObject(ExportTraceServiceRequest.decode(body), TO_OBJECT) as DecodedRequest;
  const out: ReceivedSpan[] = [];
  for (const rs of request.resourceSpans) {
    const resource = attributesOf(rs.resource?.attributes);
    for (const ss of rs.scopeSpans) {
      for (const s of ss.spans) {
        out.push({
          name: s.name,
          traceId: hex(s.traceId),
          spanId: hex(s.spanId),
          parentSpanId: hex(s.parentSpanId),
          kind: s.kind,
          flags: s.flags,
          status: { code: s.status?.code ?? 'STATUS_CODE_UNSET', message: s.status?.message ?? '' },
          attributes: attributesOf(s.attributes),
          scope: ss.scope?.name ?? '',
          resource,
        });
      }
    }
  }
  return out;
}

/** `unavailable-once` (OTLP/HTTP): the first export is answered 503 with `Retry-After: 0` (not recorded), then `ok`. */
export type ReceiverMode = 'ok' | 'hang' | 'fail' | 'unavailable-once';

abstract class Receiver {
  readonly exports: ReceivedExport[] = [];
  /** Export requests that arrived, answered or not (a hanging receiver records no export). */
  requests = 0;
  mode: ReceiverMode = 'ok';

  get spans(): ReceivedSpan[] {
    return this.exports.flatMap((e) => e.spans);
  }

  async waitForSpans(predicate: (spans: ReceivedSpan[]) => boolean, timeoutMs = 10_000): Promise<ReceivedSpan[]> {
    await eventually(() => predicate(this.spans), {
      timeoutMs,
      describe: () => `receiver never got the expected spans; got ${this.spans.map((s) => s.name).join(', ')}`,
    });
    return this.spans;
  }
}

/** An OTLP/HTTP (protobuf) collector on loopback: decodes, records, answers (or hangs, or fails with 500). */
export class OtlpHttpReceiver extends Receiver {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.requests++;
        if (this.mode === 'hang') return;
        if (this.mode === 'unavailable-once') {
          this.mode = 'ok';
          res.writeHead(503, { 'retry-after': '0' }).end();
          return;
        }
        const raw = Buffer.concat(chunks);
        const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
        this.exports.push({ headers: flatHeaders(req.headers), spans: decodeExportRequest(body), decoded: decodeExportRequestFully(body) });
        if (this.mode === 'fail') {
          res.statusCode = 400;
          res.end();
          return;
        }
        res.setHeader('content-type', 'application/x-protobuf');
        res.end(Buffer.from(ExportTraceServiceResponse.encode({}).finish()));
      });
    });
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** An OTLP/gRPC collector on loopback, the TraceService of the official definitions. */
export class OtlpGrpcReceiver extends Receiver {
  private readonly server = new grpc.Server();
  url = '';

  async start(): Promise<this> {
    // The TraceService's one method, decoded from the raw bytes with the same definitions as the HTTP receiver.
    const raw: grpc.ServiceDefinition = {
      Export: {
        path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
        requestStream: false,
        responseStream: false,
        requestSerialize: (b: Buffer) => b,
        requestDeserialize: (b: Buffer) => b,
        responseSerialize: (message: object) => Buffer.from(ExportTraceServiceResponse.encode(message).finish()),
        responseDeserialize: (b: Buffer) => ExportTraceServiceResponse.decode(b),
      },
    };
    this.server.addService(raw, {
      Export: (call: grpc.ServerUnaryCall<Buffer, unknown>, callback: grpc.sendUnaryData<unknown>) => {
        this.requests++;
        const headers = Object.fromEntries(Object.entries(call.metadata.getMap()).map(([k, v]) => [k, String(v)]));
        this.exports.push({ headers, spans: decodeExportRequest(call.request), decoded: decodeExportRequestFully(call.request) });
        if (this.mode === 'hang') return;
        if (this.mode === 'fail') callback({ code: grpc.status.INVALID_ARGUMENT, details: 'rejected' });
        else callback(null, {});
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.forceShutdown();
  }
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]));
}
