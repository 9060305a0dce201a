/** A partner's endpoint for one hotel's events. */
export interface WebhookEndpoint {
  readonly id: string;
  readonly hotelId: string;
  readonly url: string;
  readonly eventTypes: readonly string[];
  /** Key of the HMAC-SHA256 signature of every delivery. */
  readonly secret: string;
  readonly createdAt: Date;
}

/** One attempt to deliver an event to an endpoint (the endpoint's delivery log). */
export interface WebhookAttempt {
  readonly webhookId: string;
  readonly hotelId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly at: Date;
  /** The receiver's HTTP status; null when no response came (refused, timed out). */
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly delivered: boolean;
}

/** Webhook endpoints and their delivery log, inside a unit of work on the hotel's shard. */
export interface WebhookEndpoints {
  add(endpoint: WebhookEndpoint): Promise<void>;
  get(hotelId: string, webhookId: string): Promise<WebhookEndpoint | undefined>;
  /** The hotel's endpoints subscribed to `eventType`, oldest first. */
  subscribedTo(hotelId: string, eventType: string): Promise<WebhookEndpoint[]>;
  logAttempt(attempt: WebhookAttempt): Promise<void>;
  /** The newest `limit` attempts of an endpoint, newest first. */
  attempts(hotelId: string, webhookId: string, limit: number): Promise<WebhookAttempt[]>;
}
