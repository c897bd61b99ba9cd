/**
 * The operator's takedowns: tracks whose holders are never handed out again.
 */
package cdn.tracker.takedown;
