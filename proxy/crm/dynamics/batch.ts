/**
 * The `$batch` wire format of the Dataverse Web API (OData 4.0 multipart/mixed batches): writing a
 * batch request and reading a batch response, and — for the sandbox — reading a request and writing
 * a response. Lines end with CRLF; each part is `Content-Type: application/http` with
 * `Content-Transfer-Encoding: binary`, then one HTTP message (start line, headers, blank line, body).
 * A change set is a nested multipart part (`Content-Type: multipart/mixed; boundary=changeset_…`)
 * whose requests succeed or fail together.
 * (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api,
 * http://docs.oasis-open.org/odata/odata/v4.0/errata03/os/complete/part1-protocol/odata-v4.0-errata03-os-part1-protocol-complete.html#_Toc453752313)
 */

const CRLF = '\r\n';

/** One HTTP request inside a batch. `url` is absolute or relative to the service root (`leads`). */
export interface BatchRequestPart {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  headers: Readonly<Record<string, string>>;
  /** JSON to send (serialised), or undefined for none. */
  json?: unknown;
}

/** One HTTP response inside a batch response, in request order. */
export interface BatchResponsePart {
  status: number;
  headers: Headers;
  /** The raw body text ("" when empty). */
  body: string;
}

/** A request read from a batch (sandbox side); `changeSet` groups requests of one change set. */
export interface ParsedBatchRequest {
  method: string;
  url: string;
  headers: Headers;
  body: string;
  /** The change set's boundary when the request is part of one, else null. */
  changeSet: string | null;
}

/** A batch the caller could not read. */
export class BatchFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BatchFormatError';
  }
}

/** The `boundary` parameter of a multipart Content-Type, or null. */
export function boundaryOf(contentType: string | null | undefined): string | null {
  if (!contentType || !/^\s*multipart\/mixed\b/i.test(contentType)) return null;
  const match = /;\s*boundary=("?)([^";]+)\1/i.exec(contentType);
  return match?.[2] ?? null;
}

/** Writes a batch request body for `parts` (independent requests, no change sets). */
export function buildBatchRequest(boundary: string, parts: readonly BatchRequestPart[]): string {
  const chunks = parts.map((part) => {
    const body = part.json === undefined ? '' : JSON.stringify(part.json);
    const headers = Object.entries(part.headers).map(([name, value]) => `${name}: ${value}`);
    if (part.json !== undefined && !Object.keys(part.headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers.unshift('Content-Type: application/json; type=entry');
    }
    return [
      `--${boundary}`,
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      `${part.method} ${part.url} HTTP/1.1`,
      ...headers,
      '',
      body,
    ].join(CRLF);
  });
  return `${chunks.join(CRLF)}${CRLF}--${boundary}--${CRLF}`;
}

/** The parts between `--boundary` delimiters (preamble and epilogue dropped). */
function splitParts(text: string, boundary: string): string[] {
  const normalized = text.replace(/\r?\n/g, CRLF);
  const delimiter = `--${boundary}`;
  const pieces = normalized.split(new RegExp(`(?:^|${CRLF})${escapeRegExp(delimiter)}`));
  if (pieces.length < 2) throw new BatchFormatError(`The batch has no part delimited by "${delimiter}".`);
  const parts: string[] = [];
  for (const piece of pieces.slice(1)) {
    if (piece.startsWith('--')) break; // close delimiter
    parts.push(piece.replace(/^[ \t]*\r\n/, ''));
  }
  return parts;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Splits "headers CRLF CRLF body" into parsed headers and the body. */
function splitHeaders(text: string): { headers: Headers; body: string } {
  const end = text.indexOf(CRLF + CRLF);
  const head = end < 0 ? text : text.slice(0, end);
  const body = end < 0 ? '' : text.slice(end + 4);
  const headers = new Headers();
  for (const line of head.split(CRLF)) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new BatchFormatError(`Malformed header line in a batch part: "${line}".`);
    headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

/** Drops the CRLF that precedes the next delimiter (it belongs to the delimiter). */
function trimBody(body: string): string {
  return body.replace(/\r\n$/, '');
}

/** Reads one `application/http` part: MIME headers, then an HTTP message with `startLine`. */
function readHttpPart(part: string): { mime: Headers; startLine: string; headers: Headers; body: string } {
  const { headers: mime, body: message } = splitHeaders(part);
  const lineEnd = message.indexOf(CRLF);
  const startLine = (lineEnd < 0 ? message : message.slice(0, lineEnd)).trim();
  const rest = lineEnd < 0 ? '' : message.slice(lineEnd + 2);
  // A message without headers has its blank line right after the start line.
  const { headers, body } = rest.startsWith(CRLF)
    ? { headers: new Headers(), body: rest.slice(2) }
    : splitHeaders(rest);
  return { mime, startLine, headers, body: trimBody(body) };
}

/**
 * Reads a batch response body (`boundary` from its Content-Type) into one entry per request, in
 * order; a change set's responses are flattened into the list.
 * @throws BatchFormatError when the body is not a multipart batch response.
 */
export function parseBatchResponse(text: string, boundary: string): BatchResponsePart[] {
  const out: BatchResponsePart[] = [];
  for (const part of splitParts(text, boundary)) {
    const { headers: mime, body: inner } = splitHeaders(part);
    const nested = boundaryOf(mime.get('content-type'));
    if (nested) {
      out.push(...parseBatchResponse(inner, nested));
      continue;
    }
    const { startLine, headers, body } = readHttpPart(part);
    const status = /^HTTP\/1\.[01]\s+(\d{3})\b/.exec(startLine)?.[1];
    if (!status) throw new BatchFormatError(`A batch response part does not start with a status line: "${startLine}".`);
    out.push({ status: Number(status), headers, body });
  }
  return out;
}

/**
 * Reads a batch request body (sandbox side) into its requests, in order, change sets flattened
 * with their boundary noted.
 * @throws BatchFormatError when the body is not a multipart batch.
 */
export function parseBatchRequest(
  text: string,
  boundary: string,
  changeSet: string | null = null,
): ParsedBatchRequest[] {
  const out: ParsedBatchRequest[] = [];
  for (const part of splitParts(text, boundary)) {
    const { headers: mime, body: inner } = splitHeaders(part);
    const nested = boundaryOf(mime.get('content-type'));
    if (nested) {
      if (changeSet) throw new BatchFormatError('A change set cannot contain another change set.');
      out.push(...parseBatchRequest(inner, nested, nested));
      continue;
    }
    const { startLine, headers, body } = readHttpPart(part);
    const match = /^([A-Z]+)\s+(\S+)\s+HTTP\/1\.[01]$/.exec(startLine);
    if (!match) throw new BatchFormatError(`A batch part does not start with a request line: "${startLine}".`);
    out.push({ method: match[1]!, url: match[2]!, headers, body, changeSet });
  }
  return out;
}

/** Writes a batch response body (sandbox side): one `application/http` part per response. */
export function buildBatchResponse(
  boundary: string,
  responses: readonly { status: number; statusText: string; headers: Headers; body: string }[],
): string {
  const chunks = responses.map((response) => {
    const headers: string[] = [];
    response.headers.forEach((value, name) => headers.push(`${name}: ${value}`));
    return [
      `--${boundary}`,
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      `HTTP/1.1 ${response.status} ${response.statusText}`,
      ...headers,
      '',
      response.body,
    ].join(CRLF);
  });
  return `${chunks.join(CRLF)}${CRLF}--${boundary}--${CRLF}`;
}
