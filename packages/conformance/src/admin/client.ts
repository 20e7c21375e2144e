/** A cookie-keeping client with its own User-Agent: one "device". */
export class Device {
  #cookie: string | undefined;

  constructor(
    readonly base: string,
    readonly userAgent: string,
  ) {}

  get cookie(): string | undefined {
    return this.#cookie;
  }

  async call(method: string, path: string, headers: Record<string, string> = {}) {
    const all: Record<string, string> = { "user-agent": this.userAgent, ...headers };
    if (this.#cookie) all.cookie = this.#cookie;
    const res = await fetch(`${this.base}${path}`, { method, headers: all, redirect: "manual" });
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(";")[0] ?? "";
      this.#cookie = /max-age=0/i.test(line) || pair.endsWith("=") ? undefined : pair;
    }
    return res;
  }

  async userId(): Promise<string | null> {
    const res = await this.call("GET", "/me");
    return ((await res.json()) as { userId: string | null }).userId;
  }

  async signIn(user: string): Promise<void> {
    const res = await this.call("POST", `/sign-in?user=${encodeURIComponent(user)}`);
    if (res.status !== 204) throw new Error(`sign-in answered ${res.status}`);
  }
}

export const CHROME_LINUX =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
export const SAFARI_IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
export const FIREFOX_WINDOWS =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0";
