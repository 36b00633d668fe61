// Python's repr() of a str, for ports that print one: quotes chosen as Python chooses them,
// backslash escapes for quotes, backslashes, \t \n \r and unprintable characters.

const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** `repr(s)`: `'abc'`, `"it's"`, `'a\nb'`, `'\x00'`; printable non-ASCII characters stay as they are. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === ' ' || (c > 0x20 && c < 0x7f)) out += ch;
    else if (c < 0x7f || c === 0x7f || UNPRINTABLE.test(ch)) {
      const hex = c.toString(16);
      out += c <= 0xff ? `\\x${hex.padStart(2, '0')}` : c <= 0xffff ? `\\u${hex.padStart(4, '0')}` : `\\U${hex.padStart(8, '0')}`;
    } else out += ch;
  }
  return out + quote;
}
