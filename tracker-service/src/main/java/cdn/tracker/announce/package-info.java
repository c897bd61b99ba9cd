/**
 * {@code POST /v1/announce}: peers tell the tracker what they hold. Every field is
 * checked here, before anything reaches the store.
 */
package cdn.tracker.announce;
