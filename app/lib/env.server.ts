import path from "node:path";
import { z } from "zod";

const booleanFlag = z
  .enum(["0", "1", "true", "false", ""])
  .optional()
  .transform((v) => v === "1" || v === "true");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url("DATABASE_URL must be a postgres:// URL").optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  APP_URL: z.string().url().optional(),
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().min(3).default("ガバメントピッチ・マッチング <no-reply@localhost>"),
  // Encrypts the secrets the app reads back (TOTP keys, one-time links waiting for delivery). Unset: a key file in DATA_DIR.
  SECRET_KEY: z.string().min(32, "SECRET_KEY must be at least 32 characters").optional(),
  DEMO_DATA: booleanFlag,
  // The proxies whose X-Forwarded-For is believed; server/trust-proxy.js checks the list when the server starts.
  TRUST_PROXY: z.string().optional(),
  JOB_WORKER: z.enum(["on", "off"]).default("on"),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  STRIPE_SECRET_KEY: z.string().startsWith("sk_", "STRIPE_SECRET_KEY must start with sk_").optional(),
  // One signing secret, or two separated by a comma: the endpoint for the platform's own events (transfers) and the
  // Connect endpoint for connected accounts' events (account.updated, payouts) have a secret each.
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(
      /^\s*whsec_[^,\s]+(\s*,\s*whsec_[^,\s]+)*\s*$/,
      "STRIPE_WEBHOOK_SECRET must be whsec_… (or two whsec_… separated by a comma)",
    )
    .optional(),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(
    Object.fromEntries(Object.entries(source).map(([k, v]) => [k, v === "" && k !== "DEMO_DATA" ? undefined : v])),
  );
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment configuration:\n${lines}`);
  }
  return parsed.data;
}

export function env(): Env {
  cached ??= readEnv();
  return cached;
}

export function resetEnvForTests() {
  cached = undefined;
}

export function isProduction(): boolean {
  return env().NODE_ENV === "production";
}

export function dataDir(): string {
  return path.resolve(env().DATA_DIR);
}
