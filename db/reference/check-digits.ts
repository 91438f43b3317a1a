// Check digits for Japanese public identifiers. Pure and browser-safe.
// Inputs must already be ASCII digits: callers NFKC-normalise user input first.

const ASCII_DIGITS = /^[0-9]+$/;

function digitsOfLength(value: string, length: number): boolean {
  return value.length === length && ASCII_DIGITS.test(value);
}

/**
 * 全国地方公共団体コード: five digits plus a check digit. Weights 6..2, remainder r modulo 11, and the check
 * digit is the last digit of 11 - r (so r = 0 gives 1 and r = 1 gives 0; both occur in real codes).
 */
export function localGovernmentCodeCheckDigit(first5: string): number {
  if (!digitsOfLength(first5, 5)) throw new Error(`Expected 5 ASCII digits, got "${first5}"`);
  const weights = [6, 5, 4, 3, 2];
  const sum = weights.reduce((total, weight, i) => total + weight * Number(first5[i]), 0);
  return (11 - (sum % 11)) % 10;
}

export function isValidLocalGovernmentCode(code: string): boolean {
  if (!digitsOfLength(code, 6)) return false;
  return localGovernmentCodeCheckDigit(code.slice(0, 5)) === Number(code[5]);
}

/**
 * 法人番号: the FIRST of 13 digits checks the 12-digit base.
 * check = 9 - (Σ P_n × Q_n mod 9), P_n = n-th digit from the right, Q_n = 1 (odd n) or 2 (even n).
 */
export function corporateNumberCheckDigit(base12: string): number {
  if (!digitsOfLength(base12, 12)) throw new Error(`Expected 12 ASCII digits, got "${base12}"`);
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    sum += Number(base12[12 - n]) * (n % 2 === 1 ? 1 : 2);
  }
  return 9 - (sum % 9);
}

export function isValidCorporateNumber(n: string): boolean {
  if (!digitsOfLength(n, 13)) return false;
  return corporateNumberCheckDigit(n.slice(1)) === Number(n[0]);
}
