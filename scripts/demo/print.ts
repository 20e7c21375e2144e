// Terminal output for the walkthrough. Colours only on a terminal, and never with NO_COLOR.
const colour = process.stdout.isTTY === true && !process.env.NO_COLOR;
const wrap = (open: number, close: number) => (text: string) =>
  colour ? `\u001b[${open}m${text}\u001b[${close}m` : text;

export const c = {
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  cyan: wrap(36, 39),
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  magenta: wrap(35, 39),
};

/** Shortens a token for display: the first 8 characters and an ellipsis. */
export function short(token: string): string {
  return token.length > 9 ? `${token.slice(0, 8)}…` : token;
}

/** `sid=<long signed token>; Max-Age=…` → `sid=AbCdEfGh…; Max-Age=…` (and in Cookie headers). */
export function shortenCookie(header: string): string {
  return header.replace(
    /(^|;\s*)([^=;\s]+)=([^;]+)/g,
    (match, lead: string, name: string, value: string) =>
      /^[A-Za-z0-9_-]{20,}/.test(value) ? `${lead}${name}=${short(value)}` : match,
  );
}

let counter = 0;

export function step(title: string, ...explanation: string[]): void {
  counter += 1;
  console.log(`\n${c.bold(c.magenta(`${counter}. ${title}`))}`);
  for (const line of explanation) console.log(`   ${c.dim(line)}`);
}

export function note(text: string): void {
  console.log(`   ${c.green("✓")} ${text}`);
}
