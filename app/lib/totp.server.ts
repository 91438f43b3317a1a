// Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits, what every authenticator app
// speaks), through @oslojs/otp (the library lucia v3's guide recommends). The step a code matched is returned so that
// the caller can refuse the same code twice.
import { createTOTPKeyURI, generateHOTP } from "@oslojs/otp";
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { randomBytes, timingSafeEqual } from "node:crypto";

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** One step either side of now: a phone clock a little off, or a code typed just as it changed. */
const DRIFT_STEPS = 1;

export function newTotpKey(): Uint8Array {
  return new Uint8Array(randomBytes(20));
}

/** The key as people type it into an authenticator app: base32 in groups of four. */
export function keyForManualEntry(key: Uint8Array): string {
  return encodeBase32UpperCaseNoPadding(key)
    .match(/.{1,4}/g)!
    .join(" ");
}

export function keyUri(key: Uint8Array, accountName: string): string {
  return createTOTPKeyURI("ガバメントピッチ・マッチング", accountName, key, TOTP_PERIOD_SECONDS, TOTP_DIGITS);
}

export function timeStep(now = Date.now()): number {
  return Math.floor(now / 1000 / TOTP_PERIOD_SECONDS);
}

export function totpAt(key: Uint8Array, step: number): string {
  return generateHOTP(key, BigInt(step), TOTP_DIGITS);
}

/** The time step whose code this is (within the drift window, newest first), or null. */
export function matchingStep(key: Uint8Array, code: string, now = Date.now()): number | null {
  const normalised = code.replace(/[\s-]/g, "");
  if (!/^\d{6}$/.test(normalised)) return null;
  const current = timeStep(now);
  for (let step = current + DRIFT_STEPS; step >= current - DRIFT_STEPS; step--) {
    if (timingSafeEqual(Buffer.from(totpAt(key, step)), Buffer.from(normalised))) return step;
  }
  return null;
}

/** The inverse of keyForManualEntry (spaces and case ignored). */
export function keyFromManualEntry(text: string): Uint8Array {
  return decodeBase32IgnorePadding(text.replace(/\s/g, "").toUpperCase());
}
