/** Types of http.js. */
import type { HttpTransport } from './run';
export declare const httpRequest: HttpTransport;
