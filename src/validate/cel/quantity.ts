// Kubernetes resource quantities (`500m`, `1Gi`, `2e3`) as exact rationals, for CEL's quantity library.
// Parsing follows k8s.io/apimachinery/pkg/api/resource/quantity.go (ParseQuantity).

const BINARY: Record<string, bigint> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

/** An exact quantity: numerator / denominator, denominator > 0. */
export class Quantity {
  constructor(
    readonly numerator: bigint,
    readonly denominator: bigint,
    /** The text it was parsed from, for messages. */
    readonly text: string,
  ) {}

  static parse(text: string): Quantity | undefined {
    const match = QUANTITY.exec(text);
    if (!match) return undefined;
    const [, sign, number, suffix = ''] = match;
    const [whole = '', fraction = ''] = number!.split('.');
    let numerator = BigInt(`${whole || '0'}${fraction}`) * (sign === '-' ? -1n : 1n);
    let denominator = 10n ** BigInt(fraction.length);
    if (suffix in BINARY) numerator *= BINARY[suffix]!;
    else {
      const exponent = suffix in DECIMAL ? DECIMAL[suffix]! : Number(suffix.slice(1));
      if (Math.abs(exponent) > 1000) return undefined;
      if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
      else denominator *= 10n ** BigInt(-exponent);
    }
    return new Quantity(numerator, denominator, text);
  }

  static ofInteger(value: bigint): Quantity {
    return new Quantity(value, 1n, value.toString());
  }

  compare(other: Quantity): -1 | 0 | 1 {
    const left = this.numerator * other.denominator;
    const right = other.numerator * this.denominator;
    return left < right ? -1 : left > right ? 1 : 0;
  }

  add(other: Quantity): Quantity {
    return new Quantity(this.numerator * other.denominator + other.numerator * this.denominator, this.denominator * other.denominator, `${this.text}+${other.text}`);
  }

  negate(): Quantity {
    return new Quantity(-this.numerator, this.denominator, `-${this.text}`);
  }

  sign(): bigint {
    return this.numerator > 0n ? 1n : this.numerator < 0n ? -1n : 0n;
  }

  isInteger(): boolean {
    return this.numerator % this.denominator === 0n;
  }

  approximate(): number {
    return Number(this.numerator) / Number(this.denominator);
  }
}
