/** Types of chat.js. */
import type { ChatClientOptions } from './run';
import type { Observation } from './scorer';
export declare function observeCompletion(client: ChatClientOptions, body: Record<string, unknown>): Promise<Observation>;
