// Caches the partner's access token and renews it before it expires. Concurrent callers share one
// renewal, so a burst of requests never floods /auth/token.

export interface IssuedToken {
  token: string;
  /** Lifetime in seconds, as the server said (`expires_in`). */
  expiresIn: number;
}

export class TokenCache {
  private current?: { token: string; renewAt: number };
  private pending?: Promise<string>;

  constructor(
    private readonly fetchToken: () => Promise<IssuedToken>,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Promise<string> {
    if (this.current && this.now() < this.current.renewAt) return Promise.resolve(this.current.token);
    if (!this.pending) {
      this.pending = this.fetchToken()
        .then(({ token, expiresIn }) => {
          // Renew 5 minutes early, or at 90 % of the lifetime for short-lived tokens.
          const margin = Math.min(300, expiresIn * 0.1);
          this.current = { token, renewAt: this.now() + Math.max(0, expiresIn - margin) * 1000 };
          return token;
        })
        .finally(() => {
          this.pending = undefined;
        });
    }
    return this.pending;
  }

  /** Forget the token (e.g. after the target said it is no longer valid). */
  invalidate(): void {
    this.current = undefined;
  }
}
