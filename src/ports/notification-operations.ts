export interface QueueStatus {
  readonly queue: string;
  readonly messages: number;
  readonly consumers: number;
  readonly deadLetter: boolean;
}

/** The notification pipeline as operators see it: outbox, broker queues, dead letters. */
export interface NotificationOperations {
  readonly broker: 'rabbitmq' | 'in-process';
  /** Age in ms of the oldest unsent outbox event (0: none). */
  outboxLagMillis(): Promise<number>;
  /** Work and dead-letter queue of every consumer; empty without a broker. */
  queues(): Promise<readonly QueueStatus[]>;
  /** Moves up to `limit` dead-lettered events of `consumer` back to its work queue; 'unsupported' without a broker. */
  replayDeadLetters(consumer: string, limit: number): Promise<number | 'unsupported'>;
}
