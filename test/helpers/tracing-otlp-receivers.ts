import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { loadSync, type MethodDefinition } from '@grpc/proto-loader';

const PROTO_ROOT = fileURLToPath(new URL('../fixtures/opentelemetry-proto/', import.meta.url));
const SERVICE = 'opentelemetry.proto.collector.trace.v1.TraceService';

/** The official OTLP definitions, loaded with protobufjs through proto-loader (bytes as Buffers, 64-bit ints as strings). */
const packageDefinition = loadSync('opentelemetry/proto/collector/trace/v1/trace_service.proto', {
  includeDirs: [PROTO_ROOT],
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
});
const exportMethod = (packageDefinition[SERVICE] as Record<string, MethodDefinition<unknown, unknown>>)['Export']!;

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
}

interface AnyValue {
  value?: string;
  string_value?: string;
  bool_value?: boolean;
  int_value?: string;
  double_value?: number;
  array_value?: { values: AnyValue[] };
}

interface KeyValue {
  key: string;
  value?: AnyValue;
}

function valueOf(v: AnyValue | undefined): Value {
  switch (v?.value) {
    case 'string_value':
      return v.string_value;
    case 'bool_value':
      return v.bool_value;
    case 'int_value':
      return Number(v.int_value);
    case 'double_value':
      return v.double_value;
    case 'array_value':
      return v.array_value?.values.map(valueOf);
    default:
      return undefined;
  }
}

const attributesOf = (kvs: KeyValue[] | undefined) => Object.fromEntries((kvs ?? []).map((kv) => [kv.key, valueOf(kv.value)]));
const hex = (b: Buffer | undefined) => (b ? Buffer.from(b).toString('hex') : '');

interface DecodedRequest {
  resource_spans: {
    resource?: { attributes: KeyValue[] };
    scope_spans: {
      scope?: { name: string };
      spans: {
        name: string;
        trace_id: Buffer;
        span_id: Buffer;
        parent_span_id: Buffer;
        kind: string;
        flags: number;
        status?: { code: string; message: string };
        attributes: KeyValue[];
      }[];
    }[];
  }[];
}

/** Decodes an ExportTraceServiceRequest with the official definitions. */
export function decodeExportRequest(body: Buffer): ReceivedSpan[] {
  const request = exportMethod.requestDeserialize(body) as DecodedRequest;
  const out: ReceivedSpan[] = [];
  for (const rs of request.resource_spans) {
    const resource = attributesOf(rs.resource?.attributes);
    for (const ss of rs.scope_spans) {
      for (const s of ss.spans) {
        out.push({
          name: s.name,
          traceId: hex(s.trace_id),
          spanId: hex(s.span_id),
          parentSpanId: hex(s.parent_span_id),
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

export type ReceiverMode = 'ok' | 'hang' | 'fail';

abstract class Receiver {
  readonly exports: ReceivedExport[] = [];
  mode: ReceiverMode = 'ok';

  get spans(): ReceivedSpan[] {
    return this.exports.flatMap((e) => e.spans);
  }

  async waitForSpans(predicate: (spans: ReceivedSpan[]) => boolean, timeoutMs = 5_000): Promise<ReceivedSpan[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.spans)) {
      if (Date.now() > deadline) throw new Error(`receiver never got the expected spans; got ${this.spans.map((s) => s.name).join(', ')}`);
      await new Promise((r) => setTimeout(r, 10));
    }
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
        if (this.mode === 'hang') return;
        const raw = Buffer.concat(chunks);
        const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
        this.exports.push({ headers: flatHeaders(req.headers), spans: decodeExportRequest(body) });
        if (this.mode === 'fail') {
          res.statusCode = 400;
          res.end();
          return;
        }
        res.setHeader('content-type', 'application/x-protobuf');
        res.end(Buffer.alloc(0));
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
    const service = grpc.loadPackageDefinition(packageDefinition) as unknown as {
      opentelemetry: { proto: { collector: { trace: { v1: { TraceService: { service: grpc.ServiceDefinition } } } } } };
    };
    // Decode from the raw bytes ourselves, with the same definitions as the HTTP receiver.
    const raw: grpc.ServiceDefinition = {
      Export: { ...service.opentelemetry.proto.collector.trace.v1.TraceService.service['Export']!, requestDeserialize: (b: Buffer) => b },
    };
    this.server.addService(raw, {
      Export: (call: grpc.ServerUnaryCall<Buffer, unknown>, callback: grpc.sendUnaryData<unknown>) => {
        const headers = Object.fromEntries(Object.entries(call.metadata.getMap()).map(([k, v]) => [k, String(v)]));
        this.exports.push({ headers, spans: decodeExportRequest(call.request) });
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

/** A loopback port nothing listens on (connections are refused). */
export async function refusingUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]));
}
