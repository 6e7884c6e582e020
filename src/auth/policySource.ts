// Transitional: the topic now lives in the store (store/changeTopics.ts).
export { POLICIES_TOPIC } from '../store/index.js';
