export interface HttpAnswer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A thin fetch wrapper that sends the API key and parses JSON (or problem+json) answers. */
export class HttpClient {
  constructor(
    readonly baseUrl: string,
    private readonly apiKey: string | null,
  ) {}

  withKey(apiKey: string | null): HttpClient {
    return new HttpClient(this.baseUrl, apiKey);
  }

  get<T = any>(path: string, headers: Record<string, string> = {}): Promise<HttpAnswer<T>> {
    return this.send('GET', path, undefined, headers);
  }

  post<T = any>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer<T>> {
    return this.send('POST', path, JSON.stringify(body), headers);
  }

  put<T = any>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer<T>> {
    return this.send('PUT', path, JSON.stringify(body), headers);
  }

  /** Sends `rawBody` exactly as given, for malformed-input tests. */
  async send<T = any>(
    method: string,
    path: string,
    rawBody?: string,
    headers: Record<string, string> = {},
  ): Promise<HttpAnswer<T>> {
    const response = await fetch(this.baseUrl + path, {
      method,
      body: rawBody,
      headers: {
        ...(rawBody !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.apiKey ? { 'x-api-key': this.apiKey } : {}),
        ...headers,
      },
    });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      headers: response.headers,
      body: (type.includes('json') && text ? JSON.parse(text) : text) as T,
    };
  }
}
