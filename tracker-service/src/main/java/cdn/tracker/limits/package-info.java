/**
 * Abuse limits of the peer API ({@code tracker.limits.*-rate}): requests per client
 * address and per peer id, token buckets of the kit's {@code cdn.kit.limits}; over a
 * limit is {@code 429} with {@code Retry-After}.
 */
package cdn.tracker.limits;
