/**
 * The few printf conversions of Python's `%` operator that statsmodels' summary tables use —
 * %.Nf, %.Ng, %#.Ng and %d with a width — with Python's rounding: the exact binary value,
 * halfway cases to even. (JavaScript's toFixed/toExponential round halfway cases away from
 * zero, so 0.125 would print as 0.13 instead of Python's 0.12.) Digits come from exact
 * BigInt arithmetic on the double's mantissa and exponent.
 */

/** Round |x|·10^p to an integer, halves to even, exactly (p may be negative). */
function scaledDigits(x: number, p: number): bigint {
  const { mantissa, exponent } = decompose(Math.abs(x));
  let num = mantissa;
  let den = 1n;
  if (exponent >= 0) num <<= BigInt(exponent);
  else den <<= BigInt(-exponent);
  if (p >= 0) num *= 10n ** BigInt(p);
  else den *= 10n ** BigInt(-p);
  const q = num / den;
  const twice = 2n * (num % den);
  if (twice > den || (twice === den && q % 2n === 1n)) return q + 1n;
  return q;
}

/** |x| = mantissa·2^exponent exactly, for finite x. */
function decompose(x: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  const biased = (high >>> 20) & 0x7ff;
  const fraction = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  if (biased === 0) return { mantissa: fraction, exponent: -1074 };
  return { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

function special(x: number): string | null {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  return null;
}

function sign(x: number): string {
  return x < 0 || Object.is(x, -0) ? "-" : "";
}

/** Python's "%.{precision}f". */
export function fixed(x: number, precision: number): string {
  const s = special(x);
  if (s !== null) return s;
  const digits = scaledDigits(x, precision).toString().padStart(precision + 1, "0");
  const cut = digits.length - precision;
  return sign(x) + digits.slice(0, cut) + (precision > 0 ? "." + digits.slice(cut) : "");
}

/** Python's "%.{precision}g", or "%#.{precision}g" with `alternate` (trailing zeros kept). */
export function general(x: number, precision: number, alternate = false): string {
  const s = special(x);
  if (s !== null) return s;
  const P = precision === 0 ? 1 : precision;
  if (x === 0) return sign(x) + (alternate ? (P > 1 ? "0." + "0".repeat(P - 1) : "0.") : "0");
  // The decimal exponent after rounding to P significant digits.
  let X = Math.floor(Math.log10(Math.abs(x)));
  let digits = scaledDigits(x, P - 1 - X);
  if (digits >= 10n ** BigInt(P)) digits = scaledDigits(x, P - 1 - ++X);
  else if (digits < 10n ** BigInt(P - 1)) digits = scaledDigits(x, P - 1 - --X);
  if (digits >= 10n ** BigInt(P)) digits = scaledDigits(x, P - 1 - ++X); // the re-rounding carried
  let text = digits.toString();
  if (X >= -4 && X < P) {
    const decimals = P - 1 - X;
    const padded = text.padStart(decimals + 1, "0");
    const cut = padded.length - decimals;
    text = padded.slice(0, cut) + "." + padded.slice(cut);
    return sign(x) + (alternate ? text : stripZeros(text));
  }
  const mantissa = text.length > 1 ? text[0] + "." + text.slice(1) : text + (alternate ? "." : "");
  const e = Math.abs(X).toString().padStart(2, "0");
  return `${sign(x)}${alternate ? mantissa : stripZeros(mantissa)}e${X < 0 ? "-" : "+"}${e}`;
}

/** Drop trailing zeros of the fraction, then a bare decimal point. */
function stripZeros(text: string): string {
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

/** Right-align in `width` (Python's "%{width}s"). */
export function right(text: string, width: number): string {
  return text.padStart(width);
}
