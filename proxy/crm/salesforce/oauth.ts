/**
 * The Salesforce access token and, when the proxy holds refresh credentials, its renewal through the
 * OAuth 2.0 refresh token flow: `POST <login url>/services/oauth2/token` with the form fields
 * `grant_type=refresh_token`, `refresh_token`, `client_id` and `client_secret`; Salesforce answers
 * `{access_token, instance_url, issued_at, signature, …}` (and a new `refresh_token` when the
 * connected app rotates them)
 * (https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_refresh_token_flow.htm,
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/intro_understanding_refresh_token_oauth.htm).
 *
 * Access tokens live as long as the org's session timeout; an expired one is answered 401
 * INVALID_SESSION_ID "Session expired or invalid", and the client then refreshes once and retries.
 */
import { CrmError, type FetchLike } from '../types.ts';
import { crmErrorFromTokenResponse, unavailable, unreadableResponse } from './map.ts';
import { SalesforceTokenResponse } from './schemas.ts';

/** What the refresh token flow needs. */
export interface SalesforceRefreshCredentials {
  /** The token endpoint's base: `https://login.salesforce.com`, `https://test.salesforce.com` or a My Domain URL. */
  loginUrl: string;
  /** The connected app's consumer key. */
  clientId: string;
  /** The connected app's consumer secret. */
  clientSecret: string;
  refreshToken: string;
}

export interface SalesforceTokensOptions {
  /** A current access token, if one is known (else the first call refreshes first). */
  accessToken?: string;
  refresh?: SalesforceRefreshCredentials;
  fetch: FetchLike;
  /** Timeout of one token request, in ms. */
  timeoutMs: number;
}

/**
 * Holds the access token. Concurrent calls that meet an expired token share ONE refresh; a call
 * whose token was already replaced by someone else's refresh simply uses the new one.
 */
export class SalesforceTokens {
  #accessToken: string | null;
  #refreshToken: string | null;
  readonly #credentials: SalesforceRefreshCredentials | null;
  readonly #fetch: FetchLike;
  readonly #timeoutMs: number;
  #pending: Promise<string> | null = null;

  constructor(options: SalesforceTokensOptions) {
    this.#accessToken = options.accessToken ?? null;
    this.#credentials = options.refresh ?? null;
    this.#refreshToken = options.refresh?.refreshToken ?? null;
    this.#fetch = options.fetch;
    this.#timeoutMs = options.timeoutMs;
  }

  /** Whether an expired access token can be renewed. */
  get canRefresh(): boolean {
    return this.#credentials !== null;
  }

  /**
   * The access token to send: the current one, or a fresh one when none is known yet.
   * @throws CrmError `auth_expired` (refresh refused or no credentials), `unavailable` (login service unreachable).
   */
  async current(): Promise<string> {
    if (this.#accessToken !== null) return this.#accessToken;
    return this.#refresh();
  }

  /**
   * A token to retry with after `rejected` was answered 401: the current token when someone else
   * already replaced `rejected`, otherwise a refreshed one.
   * @throws CrmError `auth_expired` when no refresh credentials are configured or the refresh is refused.
   */
  async renew(rejected: string): Promise<string> {
    if (this.#accessToken !== null && this.#accessToken !== rejected) return this.#accessToken;
    return this.#refresh();
  }

  #refresh(): Promise<string> {
    if (!this.#credentials) {
      return Promise.reject(
        new CrmError(
          'auth_expired',
          'Salesforce rejected the access token and the proxy has no refresh token to renew it (set SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET and SALESFORCE_REFRESH_TOKEN)',
          { provider: 'salesforce', status: 401, vendorCode: 'INVALID_SESSION_ID' },
        ),
      );
    }
    this.#pending ??= this.#requestToken(this.#credentials).finally(() => {
      this.#pending = null;
    });
    return this.#pending;
  }

  async #requestToken(credentials: SalesforceRefreshCredentials): Promise<string> {
    const url = `${credentials.loginUrl.replace(/\/+$/, '')}/services/oauth2/token`;
    const body = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: this.#refreshToken ?? credentials.refreshToken,
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
    });
    let response: Response;
    try {
      response = await this.#fetch(
        new Request(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
          body,
          signal: AbortSignal.timeout(this.#timeoutMs),
        }),
      );
    } catch (error) {
      const origin = new URL(url).origin;
      const reason = error instanceof Error ? error.message : String(error);
      throw unavailable(`Can't reach Salesforce's login service at ${origin}: ${reason}`, error);
    }
    let json: unknown;
    try {
      json = JSON.parse(await response.text());
    } catch (error) {
      if (!response.ok) throw crmErrorFromTokenResponse(response.status, undefined);
      throw unreadableResponse(error, response.status);
    }
    if (!response.ok) throw crmErrorFromTokenResponse(response.status, json);
    const parsed = SalesforceTokenResponse.safeParse(json);
    if (!parsed.success) throw unreadableResponse(parsed.error, response.status);
    this.#accessToken = parsed.data.access_token;
    if (parsed.data.refresh_token) this.#refreshToken = parsed.data.refresh_token;
    return parsed.data.access_token;
  }
}
