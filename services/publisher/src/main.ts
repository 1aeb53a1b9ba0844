import { startPublisherService } from './publisherService';
import { runService } from './serviceRuntime';

/** The publisher process: event store → `leads.lifecycle` on Kafka. */
runService('publisher', startPublisherService);
