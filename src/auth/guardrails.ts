// Transitional: the topic now lives in the store (store/changeTopics.ts).
export { ORGANIZATIONS_TOPIC } from '../store/index.js';
