import Stripe from "stripe";
import { env } from "~/lib/env.server";

type StripeConfig = NonNullable<ConstructorParameters<typeof Stripe>[1]>;

const globalForStripe = globalThis as unknown as { __stripe?: { signature: string; client: Stripe } };

/**
 * The Stripe client, or null when STRIPE_SECRET_KEY or STRIPE_WEBHOOK_SECRET is unset (the card
 * option is then hidden). With STRIPE_API_URL (tests, benchmark) the SDK talks to that local fake
 * over plain HTTP and never retries, so a test sees each call once.
 */
export function stripeClient(): Stripe | null {
  const { STRIPE_SECRET_KEY: key, STRIPE_WEBHOOK_SECRET: secret, STRIPE_API_URL: apiUrl } = env();
  if (!key || !secret) return null;
  const signature = `${key}\n${apiUrl ?? ""}`;
  if (globalForStripe.__stripe?.signature === signature) return globalForStripe.__stripe.client;
  const config: StripeConfig = { maxNetworkRetries: 2, timeout: 20_000, appInfo: { name: "cho-nong-san" } };
  if (apiUrl) {
    const url = new URL(apiUrl);
    config.host = url.hostname;
    config.port = url.port || (url.protocol === "https:" ? 443 : 80);
    config.protocol = url.protocol === "https:" ? "https" : "http";
    config.maxNetworkRetries = 0;
  }
  const client = new Stripe(key, config);
  globalForStripe.__stripe = { signature, client };
  return client;
}

export function cardPaymentsEnabled(): boolean {
  return stripeClient() !== null;
}

/** The webhook signing secret; only called once stripeClient() is known to be configured. */
export function webhookSecret(): string {
  const secret = env().STRIPE_WEBHOOK_SECRET;
  if (!secret) throw new Error("STRIPE_WEBHOOK_SECRET is not set");
  return secret;
}
