import type { WebhookAttempt, WebhookEndpoint, WebhookEndpoints } from '../../ports/webhook-endpoints.js';
import type { MemoryState } from './memory-state.js';

export class MemoryWebhookEndpoints implements WebhookEndpoints {
  constructor(private readonly state: MemoryState) {}

  async add(endpoint: WebhookEndpoint): Promise<void> {
    this.state.webhookEndpoints = [...this.state.webhookEndpoints, endpoint];
  }

  async get(hotelId: string, webhookId: string): Promise<WebhookEndpoint | undefined> {
    return this.state.webhookEndpoints.find((e) => e.hotelId === hotelId && e.id === webhookId);
  }

  async subscribedTo(hotelId: string, eventType: string): Promise<WebhookEndpoint[]> {
    return this.state.webhookEndpoints.filter((e) => e.hotelId === hotelId && e.eventTypes.includes(eventType));
  }

  async logAttempt(attempt: WebhookAttempt): Promise<void> {
    this.state.webhookAttempts = [...this.state.webhookAttempts, attempt];
  }

  async attempts(hotelId: string, webhookId: string, limit: number): Promise<WebhookAttempt[]> {
    return this.state.webhookAttempts
      .filter((a) => a.hotelId === hotelId && a.webhookId === webhookId)
      .reverse()
      .slice(0, limit);
  }
}
