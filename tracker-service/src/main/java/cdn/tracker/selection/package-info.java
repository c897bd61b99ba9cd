/**
 * Which holders a requester should ask first: same region first, then a score from region
 * RTT, upload capacity, reciprocity, freshness and recent load, randomised among
 * near-equal scores.
 */
package cdn.tracker.selection;
