/**
 * {@code GET /v1/peers} and {@code POST /v1/peers/lookup}: who near the requester holds
 * the segments it needs next. Answers within a deadline, empty if the store cannot.
 */
package cdn.tracker.lookup;
