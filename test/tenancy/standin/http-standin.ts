/**
 * A local HTTP stand-in for a service we cannot run here, for jest: routes implemented from the
 * service's source, plus the failures a client must survive — the service down (connection refused),
 * injected status codes (503, 4xx), a connection dropped after the request was processed (a crash
 * between commit and reply). Reusable: the LiteLLM management API is one route table; a
 * chat-completions stand-in is another.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: http.IncomingHttpHeaders;
  /** Parsed JSON body (undefined when empty; the raw text when it is not JSON). */
  readonly body: unknown;
  /** The bearer token, when an Authorization: Bearer header was sent. */
  readonly bearer?: string;
}

export interface StandInResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type StandInHandler = (req: StandInRequest) => StandInResponse | Promise<StandInResponse>;

/** One recorded exchange. The bearer is recorded only as a label the test assigns (never the value). */
export interface RecordedExchange {
  readonly route: string;
  /** Request headers other than Authorization. */
  readonly headers: Readonly<Record<string, string>>;
  readonly query: Record<string, string>;
  readonly body: unknown;
  readonly status: number | 'dropped';
}

/** What `inject` does to matching requests. */
export interface FaultSpec {
  readonly status?: number;
  readonly body?: unknown;
  /** How many matching requests (default 1). */
  readonly times?: number;
  /** Process the request, then destroy the socket without replying. */
  readonly dropAfterHandling?: boolean;
  /** Only requests this returns true for. */
  readonly when?: (req: StandInRequest) => boolean;
}

interface Fault {
  readonly route: string;
  remaining: number;
  readonly status?: number;
  readonly body?: unknown;
  /** Process the request, then destroy the socket without replying. */
  readonly dropAfterHandling?: boolean;
  readonly when?: (req: StandInRequest) => boolean;
}

export class HttpStandIn {
  public readonly exchanges: RecordedExchange[] = [];
  private server?: http.Server;
  private port = 0;
  private readonly faults: Fault[] = [];

  /**
   * @param routes handlers by "METHOD /exact/path"
   * @param fallback handler for paths with variable segments (it returns undefined to mean 404)
   */
  constructor(
    private readonly routes: Readonly<Record<string, StandInHandler>>,
    private readonly fallback?: (req: StandInRequest) => StandInResponse | undefined | Promise<StandInResponse | undefined>,
  ) {}

  /** Starts (or restarts on the same port) and returns the base URL. */
  public async start(): Promise<string> {
    const server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this.url;
  }

  public get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Stops listening: clients now get ECONNREFUSED on the same URL. */
  public async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /**
   * The next `times` requests to `route` ("POST /key/generate", or "*") get `status`/`body` instead of
   * being handled; with `dropAfterHandling` they are handled and then the connection is cut.
   */
  public inject(route: string, fault: FaultSpec): void {
    this.faults.push({ route, remaining: fault.times ?? 1, ...fault });
  }

  public clearFaults(): void {
    this.faults.length = 0;
  }

  /** Exchanges for one route ("METHOD /path"). */
  public calls(route: string): RecordedExchange[] {
    return this.exchanges.filter((e) => e.route === route);
  }

  /** Exchanges that changed something (every non-GET). */
  public writes(): RecordedExchange[] {
    return this.exchanges.filter((e) => !e.route.startsWith('GET '));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    const url = new URL(req.url ?? '/', 'http://standin');
    const auth = req.headers.authorization;
    const request: StandInRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      bearer: auth && /^Bearer /i.test(auth) ? auth.slice(7).trim() : undefined,
    };
    const route = `${request.method} ${request.path}`;
    const query = Object.fromEntries(url.searchParams.entries());
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'authorization').map(([k, v]) => [k, String(v)]));
    const fault = this.faults.find((f) => f.remaining > 0 && (f.route === route || f.route === '*') && (!f.when || f.when(request)));
    if (fault) fault.remaining--;
    if (fault && !fault.dropAfterHandling) {
      this.exchanges.push({ route, headers, query, body, status: fault.status ?? 500 });
      this.send(res, { status: fault.status ?? 500, body: fault.body });
      return;
    }
    const handler = this.routes[route];
    let out: StandInResponse;
    try {
      out = handler ? await handler(request) : ((this.fallback && (await this.fallback(request))) || { status: 404, body: { detail: 'Not Found' } });
    } catch (e) {
      out = { status: 500, body: { error: { message: (e as Error).message, type: 'internal_server_error', param: 'None', code: '500' } } };
    }
    if (fault && fault.dropAfterHandling) {
      this.exchanges.push({ route, headers, query, body, status: 'dropped' });
      req.socket.destroy();
      return;
    }
    this.exchanges.push({ route, headers, query, body, status: out.status });
    this.send(res, out);
  }

  private send(res: http.ServerResponse, out: StandInResponse): void {
    const text = (out.headers?.['content-type'] ?? '').startsWith('text/') && typeof out.body === 'string';
    const payload = out.body === undefined ? '' : text ? (out.body as string) : JSON.stringify(out.body);
    res.writeHead(out.status, { 'content-type': 'application/json', ...(out.headers ?? {}) });
    res.end(payload);
  }
}
